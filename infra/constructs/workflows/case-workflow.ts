// One Standard state machine of a case process, in JSONata, from a definition built in TypeScript.
// Logging is on (without execution data: decisions can be sensitive) and traced.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { allowInvoke, type WorkflowFunctions } from './workflow-functions.ts';

export interface CaseWorkflowProps {
  /** Short name; the state machine is named `${stackName}-${name}` so that its executions' ARNs are known before deployment. */
  name: string;
  definition: Record<string, unknown>;
  functions: WorkflowFunctions;
  /** Extra DefinitionSubstitutions (ARNs of other phases, the scheduler role). */
  substitutions?: Record<string, string>;
  comment: string;
}

export class CaseWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly stateMachineName: string;

  /** ARN pattern of this state machine's executions (names are chosen at run time, per case). */
  executionsArn(): string {
    const { region, account } = Stack.of(this);
    return `arn:aws:states:${region}:${account}:execution:${this.stateMachineName}:*`;
  }

  constructor(scope: Construct, id: string, props: CaseWorkflowProps) {
    super(scope, id);
    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.SIX_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachineName = `${Stack.of(this).stackName}-${props.name}`;
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      comment: props.comment,
      definitionBody: DefinitionBody.fromString(JSON.stringify(props.definition)),
      definitionSubstitutions: {
        OpenHumanTaskFunctionArn: props.functions.openHumanTask.functionArn,
        CaseActionsFunctionArn: props.functions.caseActions.functionArn,
        ...props.substitutions,
      },
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      timeout: Duration.seconds(Number(props.definition.TimeoutSeconds)),
    });
    allowInvoke(this.stateMachine, props.functions.openHumanTask);
    allowInvoke(this.stateMachine, props.functions.caseActions);
  }
}
