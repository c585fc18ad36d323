// The generic construct that deploys every declared programme's process (ProgrammeWorkflows), as
// CloudFormation gets it: AVRR's four state machines with their names, substitutions, workflow map
// and least privilege pinned exactly; and, on a made-up programme, what the construct derives from a
// declaration and its definitions (and what it refuses to synthesize).
import { describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { ProgrammeWorkflows } from '../../infra/constructs/workflows/programme-workflows.ts';
import { WorkflowFunctions } from '../../infra/constructs/workflows/workflow-functions.ts';
import { avrrSteps } from '../../domain/avrr/steps.ts';
import type { PhaseDeclaration, ProgrammeDeclaration } from '../../domain/programmes/types.ts';
import { humanStep, phaseArn, sub, type States } from '../../workflows/asl.ts';
import type { StateMachineDefinition } from '../../workflows/programmes.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';
import { render, unhashed, workflowPermissions, type Json } from '../support/workflow-permissions.ts';

const outdir = cdkOutdirs();
const noBundling = { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] };

type Resource = { Type: string; Properties: Record<string, Json>; Metadata?: Record<string, string> };

/** State machines by logical id (hash dropped): name and DefinitionSubstitutions, references as `{LogicalId}`. */
function stateMachines(template: Template): Record<string, { name: string; substitutions: Record<string, string> }> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::StepFunctions::StateMachine') as Record<string, Resource>).map(([id, machine]) => [
      unhashed(id),
      {
        name: render(machine.Properties.StateMachineName!),
        substitutions: Object.fromEntries(
          Object.entries((machine.Properties.DefinitionSubstitutions ?? {}) as Record<string, Json>).map(([key, value]) => [
            key,
            render(value),
          ]),
        ),
      },
    ]),
  );
}

/** The CASE_WORKFLOW_ARNS of a function, its values as `{StateMachineLogicalId}`. */
function workflowMap(template: Template, entry: string): Record<string, string> {
  const fn = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(
    (candidate) => candidate.Metadata?.['casework:entry'] === entry,
  );
  const variables = (fn?.Properties.Environment as { Variables: Record<string, Json> } | undefined)?.Variables;
  return JSON.parse(render(variables?.CASE_WORKFLOW_ARNS ?? null)) as Record<string, string>;
}

describe('AVRR, protection, the youth track and capacity building on the generic construct', () => {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: noBundling });
  const workflows = Template.fromStack(stacks.workflows);
  const api = Template.fromStack(stacks.api);

  it('keeps its state machines, their names and logical ids, and the sibling ARNs each definition refers to', () => {
    const functionArns = { OpenHumanTaskFunctionArn: '{FunctionsOpenHumanTask.Arn}', CaseActionsFunctionArn: '{FunctionsCaseActions.Arn}' };
    expect(stateMachines(workflows)).toEqual({
      AvrrReturnStateMachine: {
        name: 'CaseworkWorkflows-avrr-return',
        substitutions: { ...functionArns, TravelStateMachineArn: '{AvrrTravelStateMachine}' },
      },
      AvrrTravelStateMachine: {
        name: 'CaseworkWorkflows-avrr-travel',
        substitutions: { ...functionArns, ReintegrationStateMachineArn: '{AvrrReintegrationStateMachine}' },
      },
      AvrrReintegrationStateMachine: {
        name: 'CaseworkWorkflows-avrr-reintegration',
        substitutions: {
          ...functionArns,
          CheckInStateMachineArn: '{AvrrCheckInStateMachine}',
          SchedulerRoleArn: '{FunctionsSchedulerRole.Arn}',
          ScheduleGroupName: 'casework',
          ScheduleDeadLetterArn: '{FunctionsScheduleDeadLetters.Arn}',
        },
      },
      AvrrCheckInStateMachine: { name: 'CaseworkWorkflows-avrr-check-in', substitutions: functionArns },
      // It continues itself in a fresh execution: no sibling to substitute.
      ProtectionMainStateMachine: { name: 'CaseworkWorkflows-protection-main', substitutions: functionArns },
      // The youth track schedules its follow-ups (and continues itself: no substitution for that).
      YouthEmployabilityYouthStateMachine: {
        name: 'CaseworkWorkflows-youth-employability-youth',
        substitutions: {
          ...functionArns,
          YouthFollowUpStateMachineArn: '{YouthEmployabilityYouthFollowUpStateMachine}',
          SchedulerRoleArn: '{FunctionsSchedulerRole.Arn}',
          ScheduleGroupName: 'casework',
          ScheduleDeadLetterArn: '{FunctionsScheduleDeadLetters.Arn}',
        },
      },
      YouthEmployabilityYouthFollowUpStateMachine: {
        name: 'CaseworkWorkflows-youth-employability-youth-follow-up',
        substitutions: functionArns,
      },
      YouthEmployabilityCapacityStateMachine: {
        name: 'CaseworkWorkflows-youth-employability-capacity',
        substitutions: { ...functionArns, CapacityBuildingStateMachineArn: '{YouthEmployabilityCapacityBuildingStateMachine}' },
      },
      YouthEmployabilityCapacityBuildingStateMachine: {
        name: 'CaseworkWorkflows-youth-employability-capacity-building',
        substitutions: functionArns,
      },
      MigrationDevelopmentNeedStateMachine: {
        name: 'CaseworkWorkflows-migration-development-need',
        substitutions: { ...functionArns, MatchingStateMachineArn: '{MigrationDevelopmentMatchingStateMachine}' },
      },
      MigrationDevelopmentMatchingStateMachine: {
        name: 'CaseworkWorkflows-migration-development-matching',
        substitutions: { ...functionArns, AssignmentStateMachineArn: '{MigrationDevelopmentAssignmentStateMachine}' },
      },
      MigrationDevelopmentAssignmentStateMachine: {
        name: 'CaseworkWorkflows-migration-development-assignment',
        substitutions: functionArns,
      },
      MigrationDevelopmentExpertStateMachine: {
        name: 'CaseworkWorkflows-migration-development-expert',
        substitutions: functionArns,
      },
      MigrationDevelopmentReturnStateMachine: {
        name: 'CaseworkWorkflows-migration-development-return',
        substitutions: {
          ...functionArns,
          ReturnFollowUpStateMachineArn: '{MigrationDevelopmentReturnFollowUpStateMachine}',
          SchedulerRoleArn: '{FunctionsSchedulerRole.Arn}',
          ScheduleGroupName: 'casework',
          ScheduleDeadLetterArn: '{FunctionsScheduleDeadLetters.Arn}',
        },
      },
      MigrationDevelopmentReturnFollowUpStateMachine: {
        name: 'CaseworkWorkflows-migration-development-return-follow-up',
        substitutions: functionArns,
      },
    });
  });

  it('gives the workflow starter and the API functions the map of phases started by name', () => {
    const map = {
      avrr: '{AvrrReturnStateMachine}',
      'avrr:return': '{AvrrReturnStateMachine}',
      'avrr:travel': '{AvrrTravelStateMachine}',
      'avrr:reintegration': '{AvrrReintegrationStateMachine}',
      protection: '{ProtectionMainStateMachine}',
      'protection:main': '{ProtectionMainStateMachine}',
      'youth-enrolment': '{YouthEmployabilityYouthStateMachine}',
      'youth-enrolment:youth': '{YouthEmployabilityYouthStateMachine}',
      'association-capacity': '{YouthEmployabilityCapacityStateMachine}',
      'association-capacity:capacity': '{YouthEmployabilityCapacityStateMachine}',
      'association-capacity:capacity-building': '{YouthEmployabilityCapacityBuildingStateMachine}',
      'host-need': '{MigrationDevelopmentNeedStateMachine}',
      'host-need:need': '{MigrationDevelopmentNeedStateMachine}',
      'host-need:matching': '{MigrationDevelopmentMatchingStateMachine}',
      'host-need:assignment': '{MigrationDevelopmentAssignmentStateMachine}',
      'diaspora-expert': '{MigrationDevelopmentExpertStateMachine}',
      'diaspora-expert:expert': '{MigrationDevelopmentExpertStateMachine}',
      'skilled-return': '{MigrationDevelopmentReturnStateMachine}',
      'skilled-return:return': '{MigrationDevelopmentReturnStateMachine}',
    };
    expect(workflowMap(workflows, 'functions/start-workflows/handler.ts')).toEqual(map);
    expect(workflowMap(api, 'functions/withdraw-case/handler.ts')).toEqual(map);
    expect(workflowMap(api, 'functions/complete-task/handler.ts')).toEqual(map);
  });

  it('keeps the least privilege of every role on state machines, executions and schedules', () => {
    expect(workflowPermissions([workflows, api])).toEqual([
      'AvrrReintegrationStateMachineRole: iam:PassRole on {FunctionsSchedulerRole.Arn}',
      'AvrrReintegrationStateMachineRole: scheduler:CreateSchedule on arn:aws:scheduler:eu-west-3:000000000000:schedule/casework/*',
      'AvrrReturnStateMachineRole: states:StartExecution on {AvrrTravelStateMachine}',
      'AvrrTravelStateMachineRole: states:StartExecution on {AvrrReintegrationStateMachine}',
      'FunctionsOpenHumanTaskRole: iam:PassRole on {FunctionsSchedulerRole.Arn}',
      'FunctionsOpenHumanTaskRole: scheduler:CreateSchedule on arn:aws:scheduler:eu-west-3:000000000000:schedule/casework/*',
      'FunctionsSchedulerRole: states:StartExecution on {AvrrCheckInStateMachine}',
      'FunctionsSchedulerRole: states:StartExecution on {MigrationDevelopmentReturnFollowUpStateMachine}',
      'FunctionsSchedulerRole: states:StartExecution on {YouthEmployabilityYouthFollowUpStateMachine}',
      ...['SendTaskFailure', 'SendTaskHeartbeat', 'SendTaskSuccess'].flatMap((action) =>
        [
          'AvrrCheckIn',
          'AvrrReintegration',
          'AvrrReturn',
          'AvrrTravel',
          'MigrationDevelopmentAssignment',
          'MigrationDevelopmentExpert',
          'MigrationDevelopmentMatching',
          'MigrationDevelopmentNeed',
          'MigrationDevelopmentReturnFollowUp',
          'MigrationDevelopmentReturn',
          'ProtectionMain',
          // Sorted as the permissions are: 'CapacityBuildingStateMachine' before 'CapacityStateMachine'.
          'YouthEmployabilityCapacityBuilding',
          'YouthEmployabilityCapacity',
          'YouthEmployabilityYouthFollowUp',
          'YouthEmployabilityYouth',
        ].map((machine) => `HttpCompleteTaskRole: states:${action} on {${machine}StateMachine}`),
      ),
      'HttpWithdrawCaseRole: states:StopExecution on arn:aws:states:eu-west-3:000000000000:execution:CaseworkWorkflows-avrr-return:*',
      'HttpWithdrawCaseRole: states:StopExecution on arn:aws:states:eu-west-3:000000000000:execution:CaseworkWorkflows-avrr-travel:*',
      'HttpWithdrawCaseRole: states:StopExecution on arn:aws:states:eu-west-3:000000000000:execution:CaseworkWorkflows-migration-development-return:*',
      'MigrationDevelopmentMatchingStateMachineRole: states:StartExecution on {MigrationDevelopmentAssignmentStateMachine}',
      'MigrationDevelopmentNeedStateMachineRole: states:StartExecution on {MigrationDevelopmentMatchingStateMachine}',
      // The return of qualified nationals schedules its follow-ups in the casework group.
      'MigrationDevelopmentReturnStateMachineRole: iam:PassRole on {FunctionsSchedulerRole.Arn}',
      'MigrationDevelopmentReturnStateMachineRole: scheduler:CreateSchedule on arn:aws:scheduler:eu-west-3:000000000000:schedule/casework/*',
      // Protection continues itself in a fresh execution: its own state machine, by name.
      'ProtectionMainStateMachineRole: states:StartExecution on arn:aws:states:eu-west-3:000000000000:stateMachine:CaseworkWorkflows-protection-main',
      // The starter starts what its map names: never a check-in, which only its schedule starts.
      'StarterStartWorkflowsRole: states:StartExecution on {AvrrReintegrationStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {AvrrReturnStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {AvrrTravelStateMachine}',
      // Until merged with matching (which will start it by name), the assignment is declared started by the outbox.
      'StarterStartWorkflowsRole: states:StartExecution on {MigrationDevelopmentAssignmentStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {MigrationDevelopmentExpertStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {MigrationDevelopmentMatchingStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {MigrationDevelopmentNeedStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {MigrationDevelopmentReturnStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {ProtectionMainStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {YouthEmployabilityCapacityBuildingStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {YouthEmployabilityCapacityStateMachine}',
      'StarterStartWorkflowsRole: states:StartExecution on {YouthEmployabilityYouthStateMachine}',
      // It stops what a WorkflowStop names (a protection case closed by its AVRR case's departure), nothing else.
      'StarterStartWorkflowsRole: states:StopExecution on arn:aws:states:eu-west-3:000000000000:execution:CaseworkWorkflows-protection-main:*',
      // Capacity starts capacity building once the plan is approved.
      'YouthEmployabilityCapacityStateMachineRole: states:StartExecution on {YouthEmployabilityCapacityBuildingStateMachine}',
      // The youth track schedules its follow-ups in the casework group, and continues itself by name.
      'YouthEmployabilityYouthStateMachineRole: iam:PassRole on {FunctionsSchedulerRole.Arn}',
      'YouthEmployabilityYouthStateMachineRole: scheduler:CreateSchedule on arn:aws:scheduler:eu-west-3:000000000000:schedule/casework/*',
      'YouthEmployabilityYouthStateMachineRole: states:StartExecution on arn:aws:states:eu-west-3:000000000000:stateMachine:CaseworkWorkflows-youth-employability-youth',
    ]);
  });
});

// A made-up programme: intake (from the outbox, with a human step, stoppable) starts follow-up
// (stoppable), which schedules visits.
const done: States = { Done: { Type: 'Succeed' } };
const definition = (states: States): StateMachineDefinition => ({
  QueryLanguage: 'JSONata',
  StartAt: Object.keys(states)[0],
  TimeoutSeconds: 30 * 86400,
  States: states,
});
const startPhase = (phase: string): States => ({
  Start: {
    Type: 'Task',
    Resource: 'arn:aws:states:::states:startExecution',
    Arguments: { StateMachineArn: phaseArn(phase), Name: `{% $caseId & '-${phase}' %}` },
    Next: 'Done',
  },
});
const schedulePhase = (phase: string): States => ({
  Schedule: {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:scheduler:createSchedule',
    Arguments: {
      GroupName: sub.scheduleGroup,
      Target: {
        Arn: 'arn:aws:scheduler:::aws-sdk:sfn:startExecution',
        RoleArn: sub.schedulerRole,
        Input: `{% $string({ 'StateMachineArn': '${phaseArn(phase)}' }) %}`,
      },
    },
    Next: 'Done',
  },
});
const phases: PhaseDeclaration[] = [
  { phase: 'intake', description: 'Intake.', startedBy: ['outbox'], stoppable: true },
  { phase: 'follow-up', description: 'Follow-up.', startedBy: ['phase'], stoppable: true },
  { phase: 'visit', description: 'One visit.', startedBy: ['schedule'] },
];
const demo: ProgrammeDeclaration = {
  programme: 'protection',
  title: { fr: 'Démo', ar: 'عرض', en: 'Demo' },
  forms: [],
  firstPhase: { demo: 'intake' },
  steps: avrrSteps.filter((step) => step.step === 'screening'),
  phases,
};
const definitions: Record<string, () => StateMachineDefinition> = {
  intake: () =>
    definition({
      ...humanStep('Screening', { step: 'screening', phase: 'intake', assignTo: 'screening', next: 'Start', onTimeout: 'Start' }),
      ...startPhase('follow-up'),
      ...done,
    }),
  'follow-up': () => definition({ ...schedulePhase('visit'), ...done }),
  visit: () => definition(done),
};

function deploy(declaration: ProgrammeDeclaration, phaseDefinitions = definitions) {
  const app = new App({ outdir: outdir(), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Demo', { env: { account: '000000000000', region: 'eu-west-3' } });
  const table = new Table(stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
  const functions = new WorkflowFunctions(stack, 'Functions', { table });
  const programme = new ProgrammeWorkflows(stack, 'Programme', { declaration, definitions: phaseDefinitions, functions });
  const caller = (id: string) => new Role(stack, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  programme.grant(caller('Starter'), ['start']);
  programme.grant(caller('Completer'), ['callback']);
  programme.grant(caller('Withdrawer'), ['stop']);
  return { programme, template: Template.fromStack(stack) };
}

describe('a programme on the generic construct', () => {
  const { programme, template } = deploy(demo);

  it('is a state machine per phase, named after the programme and the phase, with the sibling ARNs its definition refers to', () => {
    const functionArns = { OpenHumanTaskFunctionArn: '{FunctionsOpenHumanTask.Arn}', CaseActionsFunctionArn: '{FunctionsCaseActions.Arn}' };
    expect(stateMachines(template)).toEqual({
      ProgrammeIntakeStateMachine: {
        name: 'Demo-protection-intake',
        substitutions: { ...functionArns, FollowUpStateMachineArn: '{ProgrammeFollowUpStateMachine}' },
      },
      ProgrammeFollowUpStateMachine: {
        name: 'Demo-protection-follow-up',
        substitutions: {
          ...functionArns,
          VisitStateMachineArn: '{ProgrammeVisitStateMachine}',
          SchedulerRoleArn: '{FunctionsSchedulerRole.Arn}',
          ScheduleGroupName: 'casework',
        },
      },
      ProgrammeVisitStateMachine: { name: 'Demo-protection-visit', substitutions: functionArns },
    });
  });

  it('maps the case type to its first phase, and each phase started by name', () => {
    expect(Object.keys(programme.caseWorkflowArns())).toEqual(['demo', 'demo:intake', 'demo:follow-up']);
    expect(programme.caseWorkflowArns().demo).toBe(programme.phases.intake!.stateMachine.stateMachineArn);
  });

  it('grants each start, schedule and stop to whom needs it, and nothing else', () => {
    expect(workflowPermissions([template])).toEqual([
      'Completer: states:SendTaskFailure on {ProgrammeFollowUpStateMachine}',
      'Completer: states:SendTaskFailure on {ProgrammeIntakeStateMachine}',
      'Completer: states:SendTaskFailure on {ProgrammeVisitStateMachine}',
      'Completer: states:SendTaskHeartbeat on {ProgrammeFollowUpStateMachine}',
      'Completer: states:SendTaskHeartbeat on {ProgrammeIntakeStateMachine}',
      'Completer: states:SendTaskHeartbeat on {ProgrammeVisitStateMachine}',
      'Completer: states:SendTaskSuccess on {ProgrammeFollowUpStateMachine}',
      'Completer: states:SendTaskSuccess on {ProgrammeIntakeStateMachine}',
      'Completer: states:SendTaskSuccess on {ProgrammeVisitStateMachine}',
      'FunctionsOpenHumanTaskRole: iam:PassRole on {FunctionsSchedulerRole.Arn}',
      'FunctionsOpenHumanTaskRole: scheduler:CreateSchedule on arn:aws:scheduler:eu-west-3:000000000000:schedule/casework/*',
      'FunctionsSchedulerRole: states:StartExecution on {ProgrammeVisitStateMachine}',
      'ProgrammeFollowUpStateMachineRole: iam:PassRole on {FunctionsSchedulerRole.Arn}',
      'ProgrammeFollowUpStateMachineRole: scheduler:CreateSchedule on arn:aws:scheduler:eu-west-3:000000000000:schedule/casework/*',
      'ProgrammeIntakeStateMachineRole: states:StartExecution on {ProgrammeFollowUpStateMachine}',
      'Starter: states:StartExecution on {ProgrammeFollowUpStateMachine}',
      'Starter: states:StartExecution on {ProgrammeIntakeStateMachine}',
      'Withdrawer: states:StopExecution on arn:aws:states:eu-west-3:000000000000:execution:Demo-protection-follow-up:*',
      'Withdrawer: states:StopExecution on arn:aws:states:eu-west-3:000000000000:execution:Demo-protection-intake:*',
    ]);
  });

  it('refuses to synthesize a programme whose declaration and definitions disagree, or whose phases start each other', () => {
    const { visit: _visit, ...withoutVisit } = definitions;
    expect(() => deploy(demo, withoutVisit)).toThrow(/programme protection: phase visit has no definition/);
    expect(() => deploy({ ...demo, phases: phases.map((p) => (p.phase === 'visit' ? { ...p, startedBy: ['outbox'] } : p)) })).toThrow(
      /phase visit is started by a schedule \(follow-up\) but does not declare it/,
    );
    const cycle = { ...definitions, 'follow-up': () => definition({ ...startPhase('intake'), ...done }) };
    const declaration = {
      ...demo,
      phases: phases.map((p) =>
        p.phase === 'intake'
          ? { ...p, startedBy: ['outbox', 'phase'] as const }
          : p.phase === 'visit'
            ? { ...p, startedBy: ['outbox'] as const }
            : p,
      ),
    };
    expect(() => deploy(declaration, cycle)).toThrow(/phases start each other in a cycle/);
  });
});
