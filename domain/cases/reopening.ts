// Use case: a closed case reopens when a new need is recorded (a programme declares whether its
// cases may reopen: protection does, AVRR does not: a return, once ended, is a new application).
//
// The case is open again at stage `reopened`, its closure removed (and its entry in the retention
// index with it), the reopening counted and recorded in the history (who, when, the need's code,
// the closure it ends), and its phase `main` requested again in the same transaction, as an
// execution of its own (`${caseId}-reopened-${n}`, input entry 'reopened').
import type { Caller } from '../access/roles.ts';
import { CaseConflict, CaseNotFound } from '../errors.ts';
import type { CaseActionStore } from './case-actions.ts';
import { newEventId } from './event-id.ts';
import type { CaseRecord, Programme } from './model.ts';

/** The programmes whose closed cases may reopen; the programme declarations can absorb it. */
export const REOPENABLE_PROGRAMMES: readonly Programme[] = ['protection'];

/**
 * The needs a reopening records: the protection service types (a code, never free text). Kept in
 * step with the protection programme's service types.
 */
export const REOPENING_NEEDS = ['medical', 'shelter', 'food', 'cash', 'non-food-items', 'psychosocial', 'legal', 'family-tracing'] as const;
export type ReopeningNeed = (typeof REOPENING_NEEDS)[number];

/** Refusals of a reopening, each a localized 409. */
export class ReopeningRefused extends Error {
  constructor(readonly reason: 'not-closed' | 'not-reopenable') {
    super(`reopening refused: ${reason}`);
    this.name = 'ReopeningRefused';
  }
}

/** The phase a reopened case runs again. */
const REOPENED_PHASE = 'main';

export async function reopenCase(
  command: { caseId: string; need: ReopeningNeed; actor: Caller },
  deps: { store: CaseActionStore; now: () => Date },
): Promise<CaseRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await deps.store.getCase(command.caseId);
    if (!found) throw new CaseNotFound(command.caseId);
    if (!REOPENABLE_PROGRAMMES.includes(found.programme)) throw new ReopeningRefused('not-reopenable');
    if (found.status !== 'closed') throw new ReopeningRefused('not-closed');
    const at = deps.now().toISOString();
    const n = (found.reopenCount ?? 0) + 1;
    const name = `${found.caseId}-reopened-${n}`;
    const changes: Partial<CaseRecord> = {
      status: 'open',
      stage: 'reopened',
      reopenCount: n,
      updatedAt: at,
      workflow: { phase: REOPENED_PHASE, executionName: name },
    };
    const stored = await deps.store.updateCase(
      found,
      changes,
      {
        caseId: found.caseId,
        eventId: newEventId(),
        at,
        type: 'case.reopened',
        actor: { kind: 'staff', id: command.actor.sub },
        details: {
          need: command.need,
          reopenCount: n,
          previousClosureReason: found.closureReason ?? null,
          closedAt: found.closedAt ?? null,
          executionName: name,
        },
      },
      {
        removals: ['closureReason', 'closedAt'],
        workflowStarts: [
          {
            caseId: found.caseId,
            phase: REOPENED_PHASE,
            executionName: name,
            input: {
              caseId: found.caseId,
              reference: found.reference,
              programme: found.programme,
              caseType: found.caseType,
              phase: REOPENED_PHASE,
              entry: 'reopened',
              need: command.need,
            },
            requestedAt: at,
          },
        ],
      },
    );
    if (stored) {
      const { closureReason: _reason, closedAt: _closedAt, ...open } = found;
      return { ...open, ...changes, version: found.version + 1 };
    }
  }
  throw new CaseConflict('concurrent-update');
}
