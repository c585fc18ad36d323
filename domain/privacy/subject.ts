// Who a data subject's request is about: the data-protection officer names a case (its id or
// reference, and the person in it), or identifying data (names with the date of birth, a document
// number), or both; the person is then found in every case of every programme that holds them,
// through the index of hashed identities (identity.ts), never by reading all cases, and in every
// case whose person staff linked to theirs (the same subject: domain/identity/matches.ts).
import type { PersonRecord } from '../cases/model.ts';
import { identityKeysOf, identityKeysOfPerson, type IdentityKey } from './identity.ts';

export interface DataSubject {
  caseId?: string;
  reference?: string;
  personId?: string;
  givenNames?: string;
  familyName?: string;
  dateOfBirth?: string;
  documentNumber?: string;
}

export interface SubjectMatch {
  caseId: string;
  personId: string;
}

/** Secondary port: what finding a subject reads. */
export interface SubjectFinder {
  findByIdentity(keys: IdentityKey[]): Promise<SubjectMatch[]>;
  caseIdOfReference(reference: string): Promise<string | undefined>;
  getPersons(caseId: string): Promise<PersonRecord[]>;
  /**
   * The person records linked to these by staff (the same subject: domain/identity/matches.ts), in
   * any case, once each: a person enrolled in several programmes is one subject to their rights.
   */
  linkedRecords?(records: SubjectMatch[]): Promise<SubjectMatch[]>;
}

/** The roles of the people a case is about, as opposed to those who came with them. */
const MAIN_ROLES = ['applicant', 'youth', 'expert', 'contact-person'];

/** The case's main person: the first by role (a referral's person before the referrer's contact), whatever the items' order. */
function mainPersonOf(persons: PersonRecord[]): PersonRecord[] {
  const rank = (p: PersonRecord) => MAIN_ROLES.indexOf(p.role);
  return persons
    .filter((p) => rank(p) >= 0)
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, 1);
}

/**
 * Every (case, person) the subject designates. In a named case: the person named, else the persons
 * matching the identifying data given, else the case's main person; then every other case holding
 * someone with the same identity. Without a case: whoever the identifying data match.
 */
export async function findSubject(subject: DataSubject, store: SubjectFinder): Promise<SubjectMatch[]> {
  const given = identityKeysOf(subject);
  const found = new Map<string, SubjectMatch>();
  const add = (match: SubjectMatch) => found.set(`${match.caseId}/${match.personId}`, match);
  const caseId = subject.caseId ?? (subject.reference ? await store.caseIdOfReference(subject.reference) : undefined);
  if (subject.caseId !== undefined || subject.reference !== undefined) {
    if (!caseId) return [];
    const persons = await store.getPersons(caseId);
    const hashes = new Set(given.map((key) => key.hash));
    const chosen = subject.personId
      ? persons.filter((p) => p.personId === subject.personId)
      : given.length > 0
        ? persons.filter((p) => identityKeysOfPerson(p.data).some((key) => hashes.has(key.hash)))
        : mainPersonOf(persons);
    for (const person of chosen) add({ caseId, personId: person.personId });
    const theirKeys = chosen.flatMap((p) => identityKeysOfPerson(p.data));
    if (theirKeys.length > 0) for (const match of await store.findByIdentity(theirKeys)) add(match);
    return withLinked(found, store);
  }
  if (given.length === 0) return [];
  for (const match of await store.findByIdentity(given)) add(match);
  return withLinked(found, store);
}

/**
 * What was found, and every record staff linked to it (one person across programmes): a linked
 * record may hold another spelling of the identity, or none the index knows.
 */
async function withLinked(found: Map<string, SubjectMatch>, store: SubjectFinder): Promise<SubjectMatch[]> {
  if (found.size > 0 && store.linkedRecords) {
    for (const { caseId, personId } of await store.linkedRecords([...found.values()])) {
      const key = `${caseId}/${personId}`;
      if (!found.has(key)) found.set(key, { caseId, personId });
    }
  }
  return [...found.values()];
}
