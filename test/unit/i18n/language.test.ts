import { describe, it, expect } from 'vitest';
import { negotiateLanguage } from '../../../domain/i18n/index.ts';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'fr'],
    ['', 'fr'],
    ['ar-MA', 'ar'],
    ['ar', 'ar'],
    ['fr-FR', 'fr'],
    ['en-GB,en;q=0.9', 'en'],
    ['EN-us', 'en'],
    ['de-DE, en;q=0.8, ar;q=0.9', 'ar'],
    ['es, it', 'fr'],
    ['*', 'fr'],
    ['fr;q=0, *', 'ar'],
    ['ar;q=0.5, en;q=0.5', 'ar'],
    ['en;q=0.5, ar;q=0.5', 'en'],
    ['fr-CA;q=0.2, ar-MA;q=0.8', 'ar'],
    ['en;q=0, fr;q=0, ar;q=0.1', 'ar'],
    ['en;q=abc, ar;q=0.3', 'ar'],
    [' ar-MA ; q=1 , fr ; q=0.9', 'ar'],
    ['en;q=0', 'fr'],
  ] as const)('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
