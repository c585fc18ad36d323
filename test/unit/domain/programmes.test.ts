// The programmes' declarations (domain/programmes/): one per programme, and what the generic parts
// read from them — the forms served, the steps, the first phase of a new case, the phases a
// withdrawal stops.
import { describe, expect, it } from 'vitest';
import { PROGRAMMES } from '../../../domain/cases/model.ts';
import { listForms } from '../../../domain/forms/index.ts';
import { firstPhase, programmeOfCaseType, programmes, stoppablePhases } from '../../../domain/programmes/index.ts';
import type { ProgrammeDeclaration } from '../../../domain/programmes/types.ts';
import { allSteps, PLATFORM_STEPS, stepDefinition } from '../../../domain/tasks/steps.ts';
import { avrrSteps } from '../../../domain/avrr/steps.ts';

const declarations: readonly ProgrammeDeclaration[] = programmes;

describe('the programme declarations', () => {
  it('declare every programme once', () => {
    expect(declarations.map((d) => d.programme).sort()).toEqual([...PROGRAMMES].sort());
  });

  it('hold forms of their own programme only, each form version once, with a title in every language', () => {
    for (const declaration of declarations) {
      for (const form of declaration.forms) expect(form.programme, `${form.id} v${form.version}`).toBe(declaration.programme);
      for (const lang of ['fr', 'ar', 'en'] as const) expect(declaration.title[lang].length).toBeGreaterThan(3);
    }
    const versions = declarations.flatMap((d) => d.forms.map((form) => `${form.id}@${form.version}`));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('start only case types of their own forms, each case type by one programme at most', () => {
    const caseTypes = declarations.flatMap((d) => Object.keys(d.firstPhase));
    expect(new Set(caseTypes).size).toBe(caseTypes.length);
    for (const declaration of declarations) {
      for (const caseType of Object.keys(declaration.firstPhase)) {
        expect(
          declaration.forms.some((form) => form.caseType === caseType),
          `${declaration.programme} starts ${caseType}`,
        ).toBe(true);
      }
    }
  });

  it('give every step an id no other programme uses', () => {
    const ids = declarations.flatMap((d) => d.steps.map((step) => step.step));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('what reads the declarations', () => {
  it('the form registry serves every declared form, in the order it always did', () => {
    expect(listForms().map((form) => `${form.id}@${form.version}`)).toEqual([
      'avrr-application@1',
      'protection-referral@1',
      'diaspora-expert-registration@1',
      'skilled-return-application@1',
      'host-institution-need@1',
      'host-institution-need@2',
      'youth-enrolment@1',
      'youth-enrolment@2',
      'association-capacity-assessment@1',
      'association-capacity-assessment@2',
      'association-capacity-assessment@3',
    ]);
  });

  it('the step registry holds every declared step, and the platform’s own (the attention step)', () => {
    expect(allSteps()).toEqual([...declarations.flatMap((d) => d.steps), ...PLATFORM_STEPS]);
    expect(PLATFORM_STEPS.map((step) => step.step)).toEqual(['attention-resolve']);
    for (const step of avrrSteps) expect(stepDefinition(step.step)).toBe(step);
    expect(stepDefinition('no-such-step')).toBeUndefined();
  });

  it('a new case starts in its programme’s first phase; a case type no programme starts gets one no workflow runs', () => {
    expect(firstPhase('avrr')).toBe('return');
    expect(programmeOfCaseType('avrr')?.programme).toBe('avrr');
    expect(firstPhase('youth-enrolment')).toBe('youth');
    expect(programmeOfCaseType('youth-enrolment')?.programme).toBe('youth-employability');
    expect(firstPhase('diaspora-expert')).toBe('expert');
    expect(programmeOfCaseType('diaspora-expert')?.programme).toBe('migration-development');
    expect(firstPhase('skilled-return')).toBe('return');
    expect(programmeOfCaseType('skilled-return')?.programme).toBe('migration-development');
    for (const caseType of ['constructor', 'toString']) {
      expect(firstPhase(caseType), caseType).toBe('main');
      expect(programmeOfCaseType(caseType), caseType).toBeUndefined();
    }
  });

  it('a withdrawal stops the phases declared stoppable: for AVRR, those before departure', () => {
    expect(stoppablePhases('avrr')).toEqual(['return', 'travel']);
    expect(stoppablePhases('youth-enrolment')).toEqual([]);
    // A qualified national's return, until the first follow-up (docs/workflows/migration-development.md).
    expect(stoppablePhases('skilled-return')).toEqual(['return']);
    expect(stoppablePhases('unknown')).toEqual([]);
  });
});
