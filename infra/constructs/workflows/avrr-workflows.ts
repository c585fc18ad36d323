// The AVRR process: four state machines, each a phase that ends well within a year, chained by
// name (so a retry never starts a phase twice) and by one-time schedules for the check-ins.
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { checkInPhase, reintegrationPhase, returnPhase, travelPhase } from '../../../workflows/avrr-definitions.ts';
import { CaseWorkflow } from './case-workflow.ts';
import type { WorkflowFunctions } from './workflow-functions.ts';

export class AvrrWorkflows extends Construct {
  readonly returnPhase: CaseWorkflow;
  readonly travelPhase: CaseWorkflow;
  readonly reintegrationPhase: CaseWorkflow;
  readonly checkIn: CaseWorkflow;

  constructor(scope: Construct, id: string, props: { functions: WorkflowFunctions }) {
    super(scope, id);
    const { functions } = props;

    this.checkIn = new CaseWorkflow(this, 'CheckIn', {
      name: 'avrr-check-in',
      definition: checkInPhase(),
      functions,
      comment: 'AVRR reintegration check-in',
    });
    this.checkIn.stateMachine.grantStartExecution(functions.schedulerRole);

    this.reintegrationPhase = new CaseWorkflow(this, 'Reintegration', {
      name: 'avrr-reintegration',
      definition: reintegrationPhase(),
      functions,
      comment: 'AVRR reintegration phase',
      substitutions: {
        CheckInStateMachineArn: this.checkIn.stateMachine.stateMachineArn,
        SchedulerRoleArn: functions.schedulerRole.roleArn,
        ScheduleGroupName: functions.scheduleGroup.scheduleGroupName,
      },
    });
    this.reintegrationPhase.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [functions.schedulesArn()] }),
    );
    functions.schedulerRole.grantPassRole(this.reintegrationPhase.stateMachine.role);

    this.travelPhase = new CaseWorkflow(this, 'Travel', {
      name: 'avrr-travel',
      definition: travelPhase(),
      functions,
      comment: 'AVRR travel phase',
      substitutions: { ReintegrationStateMachineArn: this.reintegrationPhase.stateMachine.stateMachineArn },
    });
    this.reintegrationPhase.stateMachine.grantStartExecution(this.travelPhase.stateMachine);

    this.returnPhase = new CaseWorkflow(this, 'Return', {
      name: 'avrr-return',
      definition: returnPhase(),
      functions,
      comment: 'AVRR return phase',
      substitutions: { TravelStateMachineArn: this.travelPhase.stateMachine.stateMachineArn },
    });
    this.travelPhase.stateMachine.grantStartExecution(this.returnPhase.stateMachine);
  }

  /** State machine ARNs by `${caseType}:${phase}` (and the case type for its first phase). */
  caseWorkflowArns(): Record<string, string> {
    return {
      avrr: this.returnPhase.stateMachine.stateMachineArn,
      'avrr:return': this.returnPhase.stateMachine.stateMachineArn,
      'avrr:travel': this.travelPhase.stateMachine.stateMachineArn,
      'avrr:reintegration': this.reintegrationPhase.stateMachine.stateMachineArn,
    };
  }

  /** What an API function may do to these workflows. */
  grant(fn: IGrantable, access: ('start' | 'callback' | 'stop')[]): void {
    const machines = [this.returnPhase, this.travelPhase, this.reintegrationPhase, this.checkIn].map((w) => w.stateMachine);
    for (const machine of machines) {
      if (access.includes('start')) machine.grantStartExecution(fn);
      if (access.includes('callback')) machine.grantTaskResponse(fn);
    }
    // Withdrawal stops only the phases before departure.
    if (access.includes('stop')) {
      fn.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['states:StopExecution'],
          resources: this.phasesBeforeDeparture().map((phase) => phase.executionsArn()),
        }),
      );
    }
  }

  phasesBeforeDeparture(): CaseWorkflow[] {
    return [this.returnPhase, this.travelPhase];
  }
}
