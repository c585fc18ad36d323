// Every phase a programme declares has its own label in French, Arabic and English: the console's
// diagram and the case page show them, never a code.
import { describe, expect, it } from 'vitest';
import { declaredPhases, phaseTitle, programmePhases, programmeTitle } from '../../../domain/cases/workflow-labels.ts';

describe('the labels of where a case stands', () => {
  it.each(declaredPhases())('phase %s is labelled in fr, ar and en', (phase) => {
    const [fr, ar, en] = (['fr', 'ar', 'en'] as const).map((language) => phaseTitle(phase, language));
    expect(fr).not.toBe(phase);
    expect(en).not.toBe(phase);
    expect(ar).toMatch(/[\u0600-\u06FF]/);
  });

  it('gives the programme’s phases in their order and its title', () => {
    expect(programmePhases('avrr', 'en').map((phase) => phase.phase)).toEqual(['return', 'travel', 'reintegration', 'check-in']);
    expect(programmePhases('avrr', 'ar')[1]).toEqual({ phase: 'travel', title: 'السفر' });
    expect(programmeTitle('avrr', 'en')).toMatch(/voluntary return/);
    expect(phaseTitle('closed', 'fr')).toBe('Clos');
  });
});
