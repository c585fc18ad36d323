import { describe, expect, it } from 'vitest';
import { isSkillKey, normaliseSkill, skillKeys } from '../../../domain/migration-development/skills.ts';

describe('normaliseSkill', () => {
  it('lowercases, folds accents, trims and collapses spaces', () => {
    expect(normaliseSkill('  Chirurgie   Pédiatrique ')).toBe('chirurgie pediatrique');
    expect(normaliseSkill('Irrigation goutte-à-goutte')).toBe('irrigation goutte a goutte');
    expect(normaliseSkill('Façade ÉNERGÉTIQUE')).toBe('facade energetique');
  });
  it('keeps the signs of technical names', () => {
    expect(normaliseSkill('C++')).toBe('c++');
    expect(normaliseSkill('C#, .NET')).toBe('c# .net');
    expect(normaliseSkill('Node.js')).toBe('node.js');
  });
  it('drops Arabic diacritics', () => {
    expect(normaliseSkill('جِرَاحَة الأطفال')).toBe(normaliseSkill('جراحة الأطفال'));
  });
  it('is idempotent, and a key is recognised as one', () => {
    const key = normaliseSkill('Cybersécurité ');
    expect(normaliseSkill(key)).toBe(key);
    expect(isSkillKey(key)).toBe(true);
    expect(isSkillKey('Cybersécurité')).toBe(false);
    expect(isSkillKey('')).toBe(false);
  });
  it('lists distinct keys, in order', () => {
    expect(skillKeys(['Cybersécurité', 'cybersecurite', '  ', 'Architecture cloud'])).toEqual(['cybersecurite', 'architecture cloud']);
  });
});
