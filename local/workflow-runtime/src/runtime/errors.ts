/**
 * An error the AWS-compatible APIs report with its AWS name, so the SDK clients raise an exception
 * whose `name` is that AWS error name (ExecutionAlreadyExists, TaskDoesNotExist, ConflictException...).
 */
export class AwsApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly statusCode = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
