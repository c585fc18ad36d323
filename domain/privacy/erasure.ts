// Erasure and anonymisation (law 09-08, art. 9; retention): a person's data are removed from a case
// while the case, its facts (the statistics) and its history stay. What goes: the person's data on
// their item (the item stays, emptied, so the case still counts its people), the case's submissions
// as received and its notes (they may describe anyone in the case), the values that corrections
// replaced, the identity index entries, the idempotency record of the submission. The act itself is
// a history event with ids and codes only.
import type { Actor } from '../cases/model.ts';
import { newEventId } from '../cases/event-id.ts';
import type { CaseEvent, CaseRecord, PersonRecord } from '../cases/model.ts';
import { ErasureNeedsLegalGround } from './errors.ts';

/**
 * Why an open case's person is erased before the case ends (the workflow then goes on with the
 * case's facts only). A closed case needs no ground: it is past its purpose.
 */
export const ERASURE_GROUNDS = ['data-subject-objection', 'unlawful-processing', 'consent-withdrawn', 'court-order'] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export type ErasureTrigger = { kind: 'request'; ground?: ErasureGround } | { kind: 'retention'; retentionDays: number };

export interface CaseErasurePlan {
  caseId: string;
  /** The persons whose data go (the ones not already erased). */
  personIds: string[];
  event: CaseEvent;
  /** Every person of the case is erased after this: the case is anonymised. */
  anonymised: boolean;
}

/** The erased form of a person: who they were to the case, not who they are. */
export function erasedPerson(person: PersonRecord, at: string): PersonRecord {
  // The subject (an id) stays: a repeated request still finds every linked case, with nothing left in it.
  const subject = person.subjectId !== undefined ? { subjectId: person.subjectId } : {};
  return {
    personId: person.personId,
    caseId: person.caseId,
    role: person.role,
    data: {},
    createdAt: person.createdAt,
    erasedAt: at,
    ...subject,
  };
}

/**
 * What erasing these persons of one case does, or undefined when they are already erased (a repeat
 * changes nothing and records nothing). An open case needs a legal ground on a request; retention
 * touches closed cases only.
 */
export function planCaseErasure(args: {
  found: CaseRecord;
  persons: PersonRecord[];
  personIds?: string[];
  trigger: ErasureTrigger;
  actor: Actor;
  now: Date;
}): CaseErasurePlan | undefined {
  const { found, persons, trigger, actor, now } = args;
  if (trigger.kind === 'retention' && found.status !== 'closed') return undefined;
  if (trigger.kind === 'request' && found.status !== 'closed' && trigger.ground === undefined)
    throw new ErasureNeedsLegalGround([found.caseId]);
  const wanted = args.personIds ? new Set(args.personIds) : undefined;
  const targets = persons.filter((p) => !p.erasedAt && (!wanted || wanted.has(p.personId)));
  if (targets.length === 0) return undefined;
  const remaining = persons.filter((p) => !p.erasedAt && !targets.includes(p));
  const at = now.toISOString();
  return {
    caseId: found.caseId,
    personIds: targets.map((p) => p.personId),
    anonymised: remaining.length === 0,
    event: {
      caseId: found.caseId,
      eventId: newEventId(),
      at,
      type: trigger.kind === 'retention' ? 'case.anonymised-by-retention' : 'person.erased',
      actor,
      details: {
        personIds: targets.map((p) => p.personId),
        anonymised: remaining.length === 0,
        ...(trigger.kind === 'retention'
          ? { retentionDays: trigger.retentionDays, closedAt: found.closedAt ?? null }
          : { caseStatus: found.status, ground: trigger.ground ?? 'case-closed' }),
      },
    },
  };
}
