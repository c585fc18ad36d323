// RFC 9457 problem details, localised. Every error a client can cause maps here to a 4xx; domain
// errors are mapped to HTTP in this one place.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  CaseNotFound,
  DependencyUnavailable,
  FormNotFound,
  FormVersionNotFound,
  IdempotencyKeyReused,
  SubmissionInvalid,
} from '../../domain/errors.ts';
import { problemDetail, problemTitle, type FieldError, type Language, type ProblemName } from '../../domain/i18n/index.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An HTTP-level error raised by an adapter (bad header, bad content type, ...). */
export class HttpProblem extends Error {
  constructor(
    public readonly status: number,
    public readonly problem: ProblemName,
    public readonly params: Record<string, string | number> = {},
    public readonly errors: FieldError[] = [],
    public readonly headers: Record<string, string> = {},
  ) {
    super(problem);
    this.name = 'HttpProblem';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

const problemTypeBase = 'urn:casework:problem:';

export function problemResponse(
  problem: HttpProblem,
  language: Language,
  instance?: string,
): APIGatewayProxyStructuredResultV2 {
  const body: ProblemBody = {
    type: `${problemTypeBase}${problem.problem}`,
    title: problemTitle(problem.problem, language, problem.params),
    status: problem.status,
    detail: problemDetail(problem.problem, language, problem.params),
    ...(instance ? { instance } : {}),
    ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'content-language': language, ...problem.headers },
    body: JSON.stringify(body),
  };
}

/** Maps what the domain or an adapter threw to the problem a client sees; undefined = not a client's doing. */
export function toHttpProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof SubmissionInvalid) return new HttpProblem(422, 'validation', { count: error.errors.length }, error.errors);
  if (error instanceof FormNotFound) return new HttpProblem(404, 'formNotFound', { formId: error.formId });
  if (error instanceof FormVersionNotFound)
    return new HttpProblem(404, 'formVersionNotFound', { formId: error.formId, version: error.version });
  if (error instanceof IdempotencyKeyReused) return new HttpProblem(422, 'idempotencyKeyReused');
  if (error instanceof CaseNotFound) return new HttpProblem(404, 'notFound');
  if (error instanceof DependencyUnavailable)
    return new HttpProblem(503, 'serviceUnavailable', {}, [], { 'retry-after': String(error.retryAfterSeconds) });
  return undefined;
}
