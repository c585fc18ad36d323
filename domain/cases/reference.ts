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
