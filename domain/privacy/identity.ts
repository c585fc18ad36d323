// Finding one person across programmes without putting who they are in an index key: each person
// item is indexed under one-way hashes of normalised identity material (given and family names with
// the date of birth; an identity document number), and the data-protection officer's search hashes
// what they type the same way. The hash is one way; it is not a secret: anyone who can read the
// table already reads the person items it points to (docs/data-protection.md, "Limits").
import { createHash } from 'node:crypto';

/** What a data subject may be identified by. */
export interface IdentityQuery {
  givenNames?: string;
  familyName?: string;
  dateOfBirth?: string;
  documentNumber?: string;
}

/**
 * `name-dob` and `document` identify a person (the data-protection officer's search uses them);
 * `name-birth-year` only resembles one (same names, same year of birth: a day or month mistyped or
 * swapped): intake suggests it as a possible match for staff to confirm, never a search result.
 */
export type IdentityKeyKind = 'name-dob' | 'document' | 'name-birth-year';

export interface IdentityKey {
  kind: IdentityKeyKind;
  /** Hex SHA-256 of the domain-separated, normalised material. */
  hash: string;
}

/** Letters and digits only, without accents, lower case; name parts in a stable order. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

export function normaliseDocumentNumber(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase();
}

function hash(kind: IdentityKeyKind, material: string): IdentityKey {
  return { kind, hash: createHash('sha256').update(`casework-identity-v1|${kind}|${material}`).digest('hex') };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The keys of what was given: names with a date of birth, a document number, or both. */
export function identityKeysOf(query: IdentityQuery): IdentityKey[] {
  const keys: IdentityKey[] = [];
  const given = query.givenNames ? normaliseName(query.givenNames) : '';
  const family = query.familyName ? normaliseName(query.familyName) : '';
  if (given && family && query.dateOfBirth && isoDate.test(query.dateOfBirth)) {
    // Given and family names together, so that a swapped order still matches.
    keys.push(hash('name-dob', `${normaliseName(`${given} ${family}`)}|${query.dateOfBirth}`));
  }
  const document = query.documentNumber ? normaliseDocumentNumber(query.documentNumber) : '';
  if (document.length >= 4) keys.push(hash('document', document));
  return keys;
}

/** The identity keys of a person's data as the forms store it (identity fields at the top of `data`). */
export function identityKeysOfPerson(data: Record<string, unknown>): IdentityKey[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const document = data.identityDocument;
  const documentNumber =
    typeof document === 'object' && document !== null ? text((document as Record<string, unknown>).number) : text(data.documentNumber);
  return identityKeysOf({
    givenNames: text(data.givenNames),
    familyName: text(data.familyName),
    dateOfBirth: text(data.dateOfBirth),
    documentNumber,
  });
}

/**
 * The looser key of intake's match suggestions (domain/identity/matches.ts): the same normalised
 * names born the same year. Never used by the data-protection officer's search.
 */
export function looseIdentityKeysOf(query: IdentityQuery): IdentityKey[] {
  const given = query.givenNames ? normaliseName(query.givenNames) : '';
  const family = query.familyName ? normaliseName(query.familyName) : '';
  if (!given || !family || !query.dateOfBirth || !isoDate.test(query.dateOfBirth)) return [];
  return [hash('name-birth-year', `${normaliseName(`${given} ${family}`)}|${query.dateOfBirth.slice(0, 4)}`)];
}

/** Every key a person is indexed under: their identity keys, and the looser key of match suggestions. */
export function indexKeysOfPerson(data: Record<string, unknown>): IdentityKey[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return [
    ...identityKeysOfPerson(data),
    ...looseIdentityKeysOf({ givenNames: text(data.givenNames), familyName: text(data.familyName), dateOfBirth: text(data.dateOfBirth) }),
  ];
}
