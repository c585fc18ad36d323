// The case workflows and the functions they call. Composes constructs; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { AvrrWorkflows } from '../constructs/workflows/avrr-workflows.ts';
import { WorkflowFunctions } from '../constructs/workflows/workflow-functions.ts';
import { WorkflowStarter } from '../constructs/workflows/workflow-starter.ts';
import { RetentionSweep } from '../constructs/retention-sweep.ts';
import type { RetentionPolicy } from '../../domain/privacy/retention.ts';

export class WorkflowsStack extends Stack {
  readonly functions: WorkflowFunctions;
  readonly avrr: AvrrWorkflows;
  readonly starter: WorkflowStarter;
  readonly retention: RetentionSweep;

  constructor(scope: Construct, id: string, props: StackProps & { table: ITable; retention: RetentionPolicy }) {
    super(scope, id, props);
    this.functions = new WorkflowFunctions(this, 'Functions', { table: props.table });
    this.avrr = new AvrrWorkflows(this, 'Avrr', { functions: this.functions });
    this.starter = new WorkflowStarter(this, 'Starter', { table: props.table, caseWorkflows: this.avrr.caseWorkflowArns() });
    // Stop: the executions a WorkflowStop names (a protection case closed when its person departed
    // through AVRR); the protection phase `main`, once declared stoppable, is granted the same way.
    this.avrr.grant(this.starter.function, ['start', 'stop']);
    this.retention = new RetentionSweep(this, 'Retention', {
      table: props.table,
      scheduleGroup: this.functions.scheduleGroup,
      policy: props.retention,
    });
  }
}
