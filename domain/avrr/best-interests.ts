// The best-interests gate of an AVRR return (UNHCR Best Interests Procedure): an unaccompanied or
// separated child's return is a durable solution, so it cannot be approved without a recorded best
// interests determination (BID).
//
// Where the BID is recorded: on the protection case that follows the child (`facts.bestInterests`,
// written by the protection workflow's case action), possibly after the AVRR case was referred and
// its approval task opened. The gate therefore reads, when the approval is given, the AVRR case and
// the cases it was referred from, as they are then: no copy of the BID needs keeping in step. A BID
// recorded on the AVRR case itself (`facts.bestInterests.bidRecordedAt`) counts too.
import type { CaseRecord } from '../cases/model.ts';
import type { StepRefusal } from '../tasks/step-definition.ts';

function bidRecorded(found: Pick<CaseRecord, 'facts'>): boolean {
  const recorded = (found.facts.bestInterests as { bidRecordedAt?: unknown } | undefined)?.bidRecordedAt;
  return typeof recorded === 'string' && recorded.length > 0;
}

export function bestInterestsGate(
  decision: Record<string, unknown>,
  cases: { current: CaseRecord; linked: CaseRecord[] },
): StepRefusal | undefined {
  if (decision.outcome !== 'approved' || cases.current.facts.childNeedsBid !== true) return undefined;
  if (bidRecorded(cases.current)) return undefined;
  const from = new Set((cases.current.links ?? []).filter((l) => l.relation === 'referred-from').map((l) => l.caseId));
  if (cases.linked.some((linked) => from.has(linked.caseId) && bidRecorded(linked))) return undefined;
  return 'best-interests-determination-required';
}
