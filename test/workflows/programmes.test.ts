// Every declared programme's process against its declaration (workflows/programmes.ts): each declared
// phase has a definition and each definition is a declared phase; what starts each phase is what
// the definitions do; each phase opens only its programme's steps and every step is opened; no phase
// outlives a year. And the check itself, on a made-up programme, for each way a declaration and its
// definitions can disagree (the generic construct refuses to synthesize such a programme).
import { describe, expect, it } from 'vitest';
import { avrrSteps } from '../../domain/avrr/steps.ts';
import { programmes } from '../../domain/programmes/index.ts';
import type { PhaseDeclaration, ProgrammeDeclaration } from '../../domain/programmes/types.ts';
import { humanStep, phaseArn, sub, type States } from '../../workflows/asl.ts';
import { definitionsOf, phaseDefinitions, programmeProblems, type StateMachineDefinition } from '../../workflows/programmes.ts';
import { substitute } from '../support/workflow-harness.ts';

const declarations: readonly ProgrammeDeclaration[] = programmes;

describe('the declared programmes', () => {
  it('each have a definition for every declared phase and none other, and agree with them', () => {
    for (const declaration of declarations) {
      expect(Object.keys(definitionsOf(declaration.programme)).sort(), declaration.programme).toEqual(
        declaration.phases.map((phase) => phase.phase).sort(),
      );
      expect(programmeProblems(declaration, definitionsOf(declaration.programme)), declaration.programme).toEqual([]);
    }
  });

  it('map only declared programmes that have phases', () => {
    expect(Object.keys(phaseDefinitions).sort()).toEqual(
      declarations
        .filter((d) => d.phases.length > 0)
        .map((d) => d.programme)
        .sort(),
    );
  });

  it('AVRR: return (outbox) starts travel, which starts reintegration, which schedules the check-ins; a withdrawal stops return and travel', () => {
    const avrr = declarations.find((d) => d.programme === 'avrr')!;
    expect(avrr.firstPhase).toEqual({ avrr: 'return' });
    expect(avrr.phases.map(({ phase, startedBy, stoppable }) => ({ phase, startedBy, stoppable: stoppable ?? false }))).toEqual([
      { phase: 'return', startedBy: ['outbox'], stoppable: true },
      { phase: 'travel', startedBy: ['phase'], stoppable: true },
      { phase: 'reintegration', startedBy: ['phase'], stoppable: false },
      { phase: 'check-in', startedBy: ['schedule'], stoppable: false },
    ]);
  });
});

// A made-up programme: intake (from the outbox, with a human step) starts follow-up, which schedules visits.
const done: States = { Done: { Type: 'Succeed' } };
const definition = (states: States, timeoutDays = 30): StateMachineDefinition => ({
  QueryLanguage: 'JSONata',
  StartAt: Object.keys(states)[0],
  TimeoutSeconds: timeoutDays * 86400,
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
    Type: 'Map',
    Items: '{% [1, 2] %}',
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: 'Create',
      States: {
        Create: {
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
          End: true,
        },
      },
    },
    Next: 'Done',
  },
});
const screening = avrrSteps.find((step) => step.step === 'screening')!;
const openScreening = (phase: string, next: string): States =>
  humanStep('Screening', { step: 'screening', phase, assignTo: 'screening', next, onTimeout: next });

const phases: PhaseDeclaration[] = [
  { phase: 'intake', description: 'Intake.', startedBy: ['outbox'], stoppable: true },
  { phase: 'follow-up', description: 'Follow-up.', startedBy: ['phase'] },
  { phase: 'visit', description: 'One visit.', startedBy: ['schedule'] },
];
const demo: ProgrammeDeclaration = {
  programme: 'protection',
  title: { fr: 'Démo', ar: 'عرض', en: 'Demo' },
  forms: [],
  firstPhase: { demo: 'intake' },
  steps: [screening],
  phases,
};
const definitions: Record<string, () => StateMachineDefinition> = {
  intake: () => definition({ ...openScreening('intake', 'Start'), ...startPhase('follow-up'), ...done }),
  'follow-up': () => definition({ ...schedulePhase('visit'), ...done }),
  visit: () => definition(done),
};

describe('a programme checked against its definitions', () => {
  it('passes when every phase is started as declared', () => {
    expect(programmeProblems(demo, definitions)).toEqual([]);
  });

  it('runs on the harness, which gives every sibling phase a state machine ARN of its own', () => {
    expect(substitute(definitions.intake!())).toContain('"StateMachineArn":"arn:aws:states:eu-west-1:123456789012:stateMachine:FollowUp"');
    expect(() => substitute({ Comment: '${TableName}' })).toThrow('no substitution for ${TableName}');
  });

  it('refuses a declared phase without a definition, and a definition of no declared phase', () => {
    const { visit: _visit, ...withoutVisit } = definitions;
    expect(programmeProblems(demo, withoutVisit)).toContain('phase visit has no definition');
    expect(programmeProblems(demo, { ...definitions, extra: () => definition(done) })).toEqual([
      'definition extra is not a declared phase',
    ]);
  });

  it('refuses a phase started otherwise than declared, either way', () => {
    const declared = (changes: Partial<Record<string, Partial<PhaseDeclaration>>>) => ({
      ...demo,
      phases: phases.map((phase) => ({ ...phase, ...changes[phase.phase] })),
    });
    expect(programmeProblems(declared({ 'follow-up': { startedBy: ['outbox'] } }), definitions)).toEqual([
      'phase follow-up is started by a phase (intake) but does not declare it',
    ]);
    expect(programmeProblems(declared({ visit: { startedBy: ['schedule', 'phase'] } }), definitions)).toEqual([
      'phase visit is declared started by a phase but no sibling does',
    ]);
    expect(programmeProblems(declared({ visit: { startedBy: ['outbox'] } }), definitions)).toEqual([
      'phase visit is started by a schedule (follow-up) but does not declare it',
    ]);
    expect(programmeProblems(declared({ intake: { startedBy: ['phase'] } }), definitions)).toEqual([
      'case type demo starts in intake, which is not started by the outbox',
      'phase intake is declared started by a phase but no sibling does',
    ]);
  });

  it('refuses an ARN of no declared phase, an unknown placeholder, a first phase not declared, a phase that may outlive a year', () => {
    expect(programmeProblems(demo, { ...definitions, visit: () => definition({ ...startPhase('elsewhere'), ...done }) })).toEqual([
      'phase visit refers to ${ElsewhereStateMachineArn}, which names no declared phase',
    ]);
    expect(
      programmeProblems(demo, { ...definitions, visit: () => definition({ P: { Type: 'Pass', Output: '${TableName}', End: true } }) }),
    ).toEqual(['phase visit uses an unknown placeholder ${TableName}']);
    expect(programmeProblems({ ...demo, firstPhase: { demo: 'triage' } }, definitions)).toEqual([
      'case type demo starts in triage, which is not a declared phase',
    ]);
    expect(programmeProblems(demo, { ...definitions, visit: () => definition(done, 365) })).toEqual([
      'phase visit may outlive a year (TimeoutSeconds 31536000)',
    ]);
  });

  it('refuses a step of another programme, a step opened in the name of another phase, a step no phase opens', () => {
    expect(programmeProblems({ ...demo, steps: [] }, definitions)).toEqual([
      "phase intake opens step screening, which is not one of the programme's steps",
    ]);
    expect(
      programmeProblems(demo, {
        ...definitions,
        intake: () => definition({ ...openScreening('visit', 'Start'), ...startPhase('follow-up'), ...done }),
      }),
    ).toEqual(['phase intake opens step screening as part of phase visit']);
    expect(programmeProblems(demo, { ...definitions, intake: () => definition({ ...startPhase('follow-up'), ...done }) })).toEqual([
      'step screening is opened by no phase',
    ]);
  });
});
