// Step Functions adapter: starts a case's workflow phase by name.
// StartExecution with the same name and input while the execution runs returns it; once closed, the
// name stays taken (ExecutionAlreadyExists): both mean "already started", never a second execution.
import { ExecutionAlreadyExists, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { CaseWorkflowInput, CaseWorkflows } from '../../../domain/intake/submit-form.ts';
import { DependencyUnavailable } from '../../../domain/errors.ts';

export class StepFunctionsCaseWorkflows implements CaseWorkflows {
  constructor(
    private readonly client: SFNClient,
    /** State machine ARN per `${caseType}:${phase}` (or per caseType for its first phase). */
    private readonly stateMachines: Record<string, string>,
  ) {}

  async start(executionName: string, input: CaseWorkflowInput): Promise<'started' | 'already-started' | 'no-workflow'> {
    const stateMachineArn = this.stateMachines[`${input.caseType}:${input.phase}`] ?? this.stateMachines[input.caseType];
    if (!stateMachineArn) return 'no-workflow';
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }));
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'already-started';
      throw new DependencyUnavailable('workflows');
    }
  }
}

/**
 * The ARN of a case's execution of one phase: arn:aws:states:R:A:stateMachine:NAME →
 * arn:aws:states:R:A:execution:NAME:{executionName}; undefined without a state machine for it.
 */
export function executionArnOf(
  stateMachines: Record<string, string>,
  caseType: string,
  phase: string,
  executionName: string,
): string | undefined {
  const stateMachineArn = stateMachines[`${caseType}:${phase}`];
  if (!stateMachineArn) return undefined;
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$/.exec(stateMachineArn);
  if (!match) throw new Error('CASE_WORKFLOW_ARNS holds a value that is not a state machine ARN');
  return `${match[1]}:execution:${match[2]}:${executionName}`;
}
