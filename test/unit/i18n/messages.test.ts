import { describe, it, expect } from 'vitest';
import { LANGUAGES, t, problemDetail, problemTitle, type ProblemName } from '../../../domain/i18n/index.ts';

const ARABIC = /[\u0600-\u06FF]/;

const PROBLEMS: ProblemName[] = [
  'validation',
  'malformedJson',
  'unsupportedMediaType',
  'payloadTooLarge',
  'formNotFound',
  'formVersionNotFound',
  'idempotencyKeyMissing',
  'idempotencyKeyInvalid',
  'idempotencyKeyReused',
  'idempotencyInProgress',
  'notFound',
  'methodNotAllowed',
  'unauthorized',
  'forbidden',
  'tooManyRequests',
  'serviceUnavailable',
  'internal',
  'conflict',
];

describe('problem catalogue', () => {
  it.each(PROBLEMS)('%s has a title and a detail in every language, Arabic in Arabic script', (name) => {
    for (const lang of LANGUAGES) {
      expect(problemTitle(name, lang).length).toBeGreaterThan(3);
      expect(problemDetail(name, lang).length).toBeGreaterThan(10);
    }
    expect(problemTitle(name, 'ar')).toMatch(ARABIC);
    expect(problemDetail(name, 'ar')).toMatch(ARABIC);
    expect(problemTitle(name, 'fr')).not.toBe(problemTitle(name, 'en'));
  });

  it('a bare problem key means its title', () => {
    expect(t('problem.malformedJson', 'fr')).toBe('Corps de requête illisible');
    expect(t('problem.validation.title', 'ar')).toBe('يحتوي الطلب على أخطاء');
    expect(t('problem.idempotencyKeyReused', 'en')).toBe('Idempotency key already used');
  });

  it('interpolates parameters and keeps unknown placeholders visible', () => {
    expect(t('problem.formNotFound.detail', 'fr', { formId: 'avrr-x' })).toBe('Aucun formulaire ne porte l’identifiant « avrr-x ».');
    expect(t('problem.formVersionNotFound.detail', 'ar', { formId: 'avrr-application', version: 9 })).toBe(
      'لا يوجد الإصدار 9 من الاستمارة «avrr-application».',
    );
    expect(t('problem.formNotFound.detail', 'en')).toContain('{formId}');
  });
});
