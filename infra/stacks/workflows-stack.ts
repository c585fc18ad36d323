// The case workflows and the functions they call. Composes constructs; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { AvrrWorkflows } from '../constructs/workflows/avrr-workflows.ts';
import { ProtectionWorkflows } from '../constructs/workflows/protection-workflows.ts';
import { WorkflowFunctions } from '../constructs/workflows/workflow-functions.ts';
import { WorkflowStarter } from '../constructs/workflows/workflow-starter.ts';
import { RetentionSweep } from '../constructs/retention-sweep.ts';
import type { RetentionPolicy } from '../../domain/privacy/retention.ts';

export class WorkflowsStack extends Stack {
  readonly functions: WorkflowFunctions;
  readonly avrr: AvrrWorkflows;
  readonly protection: ProtectionWorkflows;
  readonly starter: WorkflowStarter;
  readonly retention: RetentionSweep;

  constructor(scope: Construct, id: string, props: StackProps & { table: ITable; retention: RetentionPolicy }) {
    super(scope, id, props);
    this.functions = new WorkflowFunctions(this, 'Functions', { table: props.table });
    this.avrr = new AvrrWorkflows(this, 'Avrr', { functions: this.functions });
    this.protection = new ProtectionWorkflows(this, 'Protection', { functions: this.functions });
    this.starter = new WorkflowStarter(this, 'Starter', { table: props.table, caseWorkflows: this.caseWorkflowArns() });
    this.avrr.grant(this.starter.function, ['start']);
    this.protection.grant(this.starter.function, ['start']);
    this.retention = new RetentionSweep(this, 'Retention', {
      table: props.table,
      scheduleGroup: this.functions.scheduleGroup,
      policy: props.retention,
    });
  }

  caseWorkflowArns(): Record<string, string> {
    return { ...this.avrr.caseWorkflowArns(), ...this.protection.caseWorkflowArns() };
  }

  grant(fn: Parameters<AvrrWorkflows['grant']>[0], access: Parameters<AvrrWorkflows['grant']>[1]): void {
    this.avrr.grant(fn, access);
    this.protection.grant(fn, access);
  }
}
