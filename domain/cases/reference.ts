// Human-readable case references: PREFIX-YEAR-NNNNNN, e.g. AVRR-2026-000042.
// Sequence numbers come from a per-prefix, per-year counter; a failed intake may leave a gap,
// which is acceptable (references are unique, not dense).

export const referencePrefixes = {
  avrr: 'AVRR',
  protection: 'PROT',
  'diaspora-expert': 'DIAS',
  'skilled-return': 'SKRT',
  'youth-enrolment': 'YOUTH',
  'association-capacity': 'ASSOC',
  'host-need': 'NEED',
} as const satisfies Record<string, string>;

export type CaseType = keyof typeof referencePrefixes;

export function isCaseType(value: string): value is CaseType {
  return Object.hasOwn(referencePrefixes, value);
}

export function referencePrefix(caseType: string): string {
  return isCaseType(caseType) ? referencePrefixes[caseType] : 'CASE';
}

export function formatReference(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

const referencePattern = /^([A-Z]{2,6})-(\d{4})-(\d{6,})$/;

export function parseReference(reference: string): { prefix: string; year: number; sequence: number } | undefined {
  const match = referencePattern.exec(reference);
  if (!match) return undefined;
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}

const KNOWN_PREFIXES: ReadonlySet<string> = new Set([...Object.values(referencePrefixes), 'CASE']);

/**
 * A reference as it is read over the phone or typed from a letter: any case, spaces, dashes, dots or
 * slashes between its parts, the number's leading zeros said or not ("avrr 2026 123", "Avrr/2026/000123")
 * → `AVRR-2026-000123`. Undefined when it cannot be one (an unknown prefix, no year, no number).
 */
export function normaliseSpokenReference(input: string): string | undefined {
  const compact = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_./\\,:#]+/g, '');
  const match = /^([A-Z]{2,6})(\d{4})(\d{1,9})$/.exec(compact);
  if (!match || !KNOWN_PREFIXES.has(match[1]!)) return undefined;
  const sequence = Number(match[3]);
  if (sequence < 1) return undefined;
  return formatReference(match[1]!, Number(match[2]), sequence);
}
