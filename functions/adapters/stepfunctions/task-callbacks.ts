// Step Functions adapter: hands a human decision to the workflow waiting on its task token.
import {
  InvalidToken,
  SendTaskSuccessCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  ExecutionDoesNotExist,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { WorkflowCallbacks } from '../../../domain/tasks/complete-task.ts';
import { DependencyUnavailable } from '../../../domain/errors.ts';

export class StepFunctionsCallbacks implements WorkflowCallbacks {
  constructor(private readonly client: SFNClient) {}

  async sendSuccess(token: string, output: unknown): Promise<'delivered' | 'closed'> {
    try {
      await this.client.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
      return 'delivered';
    } catch (error) {
      // The workflow stopped waiting (timed out, stopped, or already got this decision).
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken) return 'closed';
      // Anything else (a timeout, a network error, a throttle): whether it landed is not known. The
      // client given here for decisions makes one attempt (sfnDecisionClient): never re-sent.
      throw new DependencyUnavailable('workflows');
    }
  }

  /** Stops an execution; one that has already closed or never existed is fine. */
  async stop(executionArn: string, cause: string): Promise<void> {
    try {
      await this.client.send(new StopExecutionCommand({ executionArn, error: 'Case.Closed', cause }));
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return;
      throw new DependencyUnavailable('workflows');
    }
  }
}
