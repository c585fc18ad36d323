// TEMPORARY WIRING (to be replaced by the `decl` branch's generic programme construct): the
// protection process, one state machine (phase `main`) that may start itself again for a
// continuation (entry follow-up / reopened).
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { mainPhase } from '../../../workflows/protection-definitions.ts';
import { CaseWorkflow } from './case-workflow.ts';
import type { WorkflowFunctions } from './workflow-functions.ts';

export class ProtectionWorkflows extends Construct {
  readonly main: CaseWorkflow;

  constructor(scope: Construct, id: string, props: { functions: WorkflowFunctions }) {
    super(scope, id);
    this.main = new CaseWorkflow(this, 'Main', {
      name: 'protection-main',
      definition: mainPhase(),
      functions: props.functions,
      comment: 'Protection: referral to closure',
    });
    // Its own ARN from its name (a reference to the resource itself would be circular).
    const { region, account } = Stack.of(this);
    this.main.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [`arn:aws:states:${region}:${account}:stateMachine:${this.main.stateMachineName}`],
      }),
    );
  }

  caseWorkflowArns(): Record<string, string> {
    return { protection: this.main.stateMachine.stateMachineArn, 'protection:main': this.main.stateMachine.stateMachineArn };
  }

  grant(fn: IGrantable, access: ('start' | 'callback' | 'stop')[]): void {
    if (access.includes('start')) this.main.stateMachine.grantStartExecution(fn);
    if (access.includes('callback')) this.main.stateMachine.grantTaskResponse(fn);
  }
}
