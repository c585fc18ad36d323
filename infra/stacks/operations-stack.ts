// Operations of a stage: its alarms, their topic (the operators' distribution list) and its
// dashboard, over the resources of the other stacks. Composes the Monitoring construct; no logic of its own.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { Monitoring } from '../constructs/monitoring.ts';
import type { ApiStack } from './api-stack.ts';
import type { DataStack } from './data-stack.ts';
import type { WorkflowsStack } from './workflows-stack.ts';

export interface OperationsStackProps extends StackProps {
  stage: string;
  alarmEmail: string;
  data: DataStack;
  workflows: WorkflowsStack;
  api: ApiStack;
}

export class OperationsStack extends Stack {
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    const { stage, alarmEmail, data, workflows, api, ...stackProps } = props;
    super(scope, id, stackProps);
    const all = [...workflows.node.findAll(), ...api.node.findAll()];
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      alarmEmail,
      // Every queue of the stage is a dead-letter queue (stream consumers' and schedules').
      deadLetterQueues: all.filter((construct): construct is Queue => construct instanceof Queue),
      stateMachines: workflows.programmes.flatMap((programme) => {
        const stoppable = new Set([...programme.stoppable(), ...programme.stoppedByLinkedCase()]);
        return programme.all().map((workflow) => ({
          name: workflow.stateMachineName,
          stateMachine: workflow.stateMachine,
          stoppable: stoppable.has(workflow),
        }));
      }),
      api: api.http.api,
      tableName: data.data.table.tableName,
    });
  }
}
