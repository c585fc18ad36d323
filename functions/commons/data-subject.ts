// What the data-protection routes share: only the data-protection officer calls them, and a subject
// is found through the privacy adapter.
import { isDataProtectionOfficer, type Caller } from '../../domain/access/roles.ts';
import { findSubject, type DataSubject, type SubjectMatch } from '../../domain/privacy/subject.ts';
import type { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { HttpProblem } from './problems.ts';

export function requireDataProtectionOfficer(caller: Caller): void {
  if (!isDataProtectionOfficer(caller)) throw new HttpProblem(403, 'roleNotAllowed');
}

/** Every (case, person) the subject designates; 404 when none. */
export async function subjectMatches(subject: DataSubject, store: DynamoPrivacyStore): Promise<SubjectMatch[]> {
  const matches = await findSubject(subject, store);
  if (matches.length === 0) throw new HttpProblem(404, 'subjectNotFound');
  return matches;
}

/** The matches grouped by case, in a stable order. */
export function byCase(matches: SubjectMatch[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const { caseId, personId } of [...matches].sort((a, b) => a.caseId.localeCompare(b.caseId))) {
    grouped.set(caseId, [...(grouped.get(caseId) ?? []), personId]);
  }
  return grouped;
}
