// What workflows do to a case between human steps: move its stage, close it, give up on a step,
// record a check-in, and the budget a reintegration plan must stay within.
import { newEventId } from './event-id.ts';
import { randomUUID } from 'node:crypto';
import { CaseConflict, CaseNotFound } from '../errors.ts';
import type { OutboxMessage } from '../notifications/model.ts';
import type { TaskRecord } from '../tasks/model.ts';
import { stageAfter, type Actor, type CaseEvent, type CaseNote, type CaseRecord, type WithdrawalReason } from './model.ts';
import { scoreSurvey, type SustainabilitySurvey, type SustainabilityScore } from '../avrr/survey.ts';
import type { WorkflowStartRecord } from '../intake/submit-form.ts';
import { linkedReactions, type LinkedChange } from './referral.ts';
import type { AssignmentEntry } from '../migration-development/assignment-case-actions.ts';

/** What a change of a case writes with it, in the same transaction. */
export interface CaseChangeExtras {
  cancelTasks?: TaskRecord[];
  expireTask?: TaskRecord;
  messages?: OutboxMessage[];
  notes?: CaseNote[];
  /** Workflow phases to start (transactional outbox). */
  workflowStarts?: WorkflowStartRecord[];
  /** Attributes of the case removed by the change (a reopening removes its closure). */
  removals?: (keyof CaseRecord)[];
  /** Changes of linked cases (domain/cases/referral.ts), each conditional on its own version. */
  linked?: LinkedChange[];
  /** Experts' assignment entries written (matching's confirmation), each only if absent. */
  assignments?: AssignmentEntry[];
}

/** Reintegration budget ceiling per member of the returning household. */
export const BUDGET_CEILING_PER_PERSON_EUR = 1500;

export interface CaseActionStore {
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  getTask(taskId: string): Promise<TaskRecord | undefined>;
  openTasksOfCase(caseId: string): Promise<TaskRecord[]>;
  /** The tasks of one step of the case that are open or completing (a decision begun, not known delivered). */
  awaitedTasksOfCase(caseId: string, step: string): Promise<TaskRecord[]>;
  /** Conditional on the case's version (and each linked case's). False when one changed meanwhile. */
  updateCase(found: CaseRecord, changes: Partial<CaseRecord>, event: CaseEvent, extra?: CaseChangeExtras): Promise<boolean>;
}

export type Deps = { store: CaseActionStore; now: () => Date };

export function event(caseId: string, at: string, type: string, actor: Actor, details: Record<string, unknown>): CaseEvent {
  return { caseId, eventId: newEventId(), at, type, actor, details };
}

/** Re-reads and retries when a concurrent writer changed the case (optimistic concurrency). */
export async function withCase(
  caseId: string,
  deps: Deps,
  apply: (found: CaseRecord, at: string) => Promise<boolean | 'done'>,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await deps.store.getCase(caseId);
    if (!found) throw new CaseNotFound(caseId);
    const outcome = await apply(found, deps.now().toISOString());
    if (outcome === true || outcome === 'done') return;
  }
  throw new CaseConflict('concurrent-update');
}

export const system: Actor = { kind: 'system', id: 'workflow' };

/**
 * The workflow moves the case to a stage (`case.stage-changed`, codes only). An execution also
 * records itself on the case as it starts (`executionName`, from `$states.context.Execution.Name`):
 * a follow-up, a reopening or a handover runs in a fresh execution, and whatever must stop the
 * case's workflow (domain/cases/referral.ts) stops the one named there. The same stage and
 * execution again (a retry, a loop back) write nothing.
 */
export async function setStage(
  input: {
    caseId: string;
    stage: string;
    phase?: string;
    executionName?: string;
    departed?: boolean;
    /** The departure's and the arrival's days as the caseworker entered them (AVRR), recorded on the case. */
    departedOn?: string;
    arrivedOn?: string | null;
    details?: Record<string, unknown>;
  },
  deps: Deps,
): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    if (found.status === 'closed') return 'done';
    // A stage another case's process set (referred to AVRR) stays until that case ends.
    const stage = stageAfter(found.stage, input.stage);
    const changes: Partial<CaseRecord> = { stage, updatedAt: at };
    const held = stage !== input.stage && found.workflowStage !== input.stage;
    if (held) changes.workflowStage = input.stage;
    const departing = input.departed === true && found.departedAt === undefined;
    if (departing) changes.departedAt = at;
    if (departing && input.departedOn) changes.departedOn = input.departedOn;
    const arriving = typeof input.arrivedOn === 'string' && found.arrivedOn !== input.arrivedOn;
    if (arriving) changes.arrivedOn = input.arrivedOn!;
    const phase = input.phase ?? found.workflow?.phase;
    const executionName = input.executionName ?? (input.phase ? `${found.caseId}-${input.phase}` : undefined);
    const newExecution =
      phase !== undefined &&
      executionName !== undefined &&
      (found.workflow?.phase !== phase || found.workflow.executionName !== executionName);
    if (newExecution) changes.workflow = { phase, executionName };
    if (found.stage === stage && !departing && !arriving && !newExecution && !held) return 'done';
    // The person left: the case they were referred from closes with it (domain/cases/referral.ts).
    const linked = departing ? await linkedReactions(found, { kind: 'departed' }, { store: deps.store, at }) : [];
    const stageEvent = held
      ? // The workflow moved on behind the held stage, which stays shown.
        event(found.caseId, at, 'case.stage-changed', system, {
          from: found.workflowStage ?? found.stage,
          to: input.stage,
          heldAt: found.stage,
          ...(newExecution ? { executionName } : {}),
        })
      : found.stage === stage && !departing
        ? event(found.caseId, at, 'case.execution-started', system, { phase, executionName, stage })
        : event(found.caseId, at, 'case.stage-changed', system, {
            from: found.stage,
            to: stage,
            ...(departing && input.departedOn ? { departedOn: input.departedOn } : {}),
            ...(arriving ? { arrivedOn: input.arrivedOn } : {}),
            ...input.details,
          });
    return linked.length > 0
      ? deps.store.updateCase(found, changes, stageEvent, { linked })
      : deps.store.updateCase(found, changes, stageEvent);
  });
}

/**
 * An execution records itself on the case as it starts, whatever the stage (`case.workflow`: the
 * phase the case is in now and the execution running it; a phase started by a sibling phase or a
 * schedule has no request of its own that could record it). The same execution again writes nothing;
 * a closed case keeps the execution it closed in.
 */
export async function recordExecution(input: { caseId: string; phase: string; executionName: string }, deps: Deps): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    if (found.status === 'closed') return 'done';
    if (found.workflow?.phase === input.phase && found.workflow.executionName === input.executionName) return 'done';
    return deps.store.updateCase(
      found,
      { workflow: { phase: input.phase, executionName: input.executionName }, updatedAt: at },
      event(found.caseId, at, 'case.execution-started', system, {
        phase: input.phase,
        executionName: input.executionName,
        stage: found.stage,
      }),
    );
  });
}

export async function closeCase(
  input: { caseId: string; reason: string; actor?: Actor; details?: Record<string, unknown>; notes?: CaseNote[] },
  deps: Deps,
): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    if (found.status === 'closed') return 'done';
    const open = await deps.store.openTasksOfCase(found.caseId);
    // Closed before departure: the case it was referred from is told and goes back to follow-up.
    const linked =
      found.departedAt === undefined
        ? await linkedReactions(found, { kind: 'closed', reason: input.reason }, { store: deps.store, at })
        : [];
    return deps.store.updateCase(
      found,
      { status: 'closed', stage: 'closed', closureReason: input.reason, closedAt: at, updatedAt: at },
      event(found.caseId, at, 'case.closed', input.actor ?? system, {
        reason: input.reason,
        cancelledTasks: open.map((t) => t.taskId),
        ...input.details,
      }),
      {
        cancelTasks: open,
        ...(input.notes ? { notes: input.notes } : {}),
        ...(linked.length > 0 ? { linked } : {}),
        messages: [
          {
            messageId: randomUUID(),
            at,
            channel: 'email',
            recipient: { kind: 'role', role: 'caseworker' },
            template: 'case-closed',
            language: 'fr',
            caseId: found.caseId,
            params: { reference: found.reference, reason: input.reason },
          },
        ],
      },
    );
  });
}

/** The workflow stopped waiting for a step: the task expires and supervisors are told. */
export async function expireStep(input: { caseId: string; taskId?: string; step: string; serviceId?: string }, deps: Deps): Promise<void> {
  await withCase(input.caseId, deps, async (found, at) => {
    // The workflow never heard back from the step, so it knows the step, not the task: the task of
    // that step still awaited is the one that expires, open or completing (a decision begun whose
    // delivery never reached the workflow: the completion path never expires it, this does).
    const task = input.taskId
      ? await deps.store.getTask(input.taskId)
      : (await deps.store.awaitedTasksOfCase(found.caseId, input.step)).find(
          // Several steps of one kind may be open at once (a service's delivery each): the service tells.
          (candidate) => candidate.step === input.step && (input.serviceId === undefined || candidate.serviceId === input.serviceId),
        );
    const taskId = task?.taskId ?? input.taskId;
    return deps.store.updateCase(
      found,
      { updatedAt: at },
      event(found.caseId, at, 'task.timed-out', system, {
        step: input.step,
        ...(taskId ? { taskId } : {}),
        ...(input.serviceId ? { serviceId: input.serviceId } : {}),
      }),
      {
        ...(task && (task.status === 'open' || task.status === 'completing') ? { expireTask: task } : {}),
        messages: [
          {
            messageId: randomUUID(),
            at,
            channel: 'email',
            recipient: { kind: 'role', role: 'supervisor' },
            template: 'task-timed-out',
            language: 'fr',
            caseId: found.caseId,
            ...(taskId ? { taskId } : {}),
            params: { reference: found.reference, step: input.step },
          },
        ],
      },
    );
  });
}

export async function recordCheckIn(
  input: { caseId: string; checkIn: string; outcome: 'completed' | 'unreachable' | 'missed'; taskId?: string; completedBy?: string },
  deps: Deps,
): Promise<SustainabilityScore | undefined> {
  // The answers are read from the completed task, where they stay.
  const task = input.taskId ? await deps.store.getTask(input.taskId) : undefined;
  const survey = (task?.decision as { survey?: SustainabilitySurvey } | undefined)?.survey;
  const score = input.outcome === 'completed' && survey ? scoreSurvey(survey) : undefined;
  await withCase(input.caseId, deps, async (found, at) => {
    const checkIns = { ...found.checkIns };
    checkIns[input.checkIn] = { outcome: input.outcome, at, ...(score ? { score } : {}) };
    return deps.store.updateCase(
      found,
      { checkIns, updatedAt: at, ...(score ? { latestSustainabilityScore: score } : {}) },
      event(found.caseId, at, 'checkin.recorded', input.completedBy ? { kind: 'staff', id: input.completedBy } : system, {
        checkIn: input.checkIn,
        outcome: input.outcome,
        ...(score ? { score } : {}),
      }),
    );
  });
  return score;
}

export async function reintegrationContext(caseId: string, deps: Deps): Promise<{ budgetCeilingEUR: number; householdSize: number }> {
  const found = await deps.store.getCase(caseId);
  if (!found) throw new CaseNotFound(caseId);
  const householdSize = 1 + Number(found.facts.familyMemberCount ?? 0);
  return { budgetCeilingEUR: householdSize * BUDGET_CEILING_PER_PERSON_EUR, householdSize };
}

/**
 * The applicant withdraws: possible while the case is in a phase its programme declares stoppable
 * (AVRR: before departure); ends the case cleanly. The
 * history records the reason's code; the reason in the applicant's words, if any, is personal and
 * goes on a note of the case, written in the same transaction.
 */
export async function withdrawCase(
  input: { caseId: string; reasonCode: WithdrawalReason; reasonText?: string; actor: Actor & { kind: 'staff' } },
  deps: Deps & { stoppablePhases: (caseType: string) => readonly string[] },
): Promise<CaseRecord> {
  const found = await deps.store.getCase(input.caseId);
  if (!found) throw new CaseNotFound(input.caseId);
  if (found.status === 'closed') throw new CaseConflict('closed');
  if (found.departedAt) throw new CaseConflict('after-departure');
  // Only while the case is in a phase its programme declares stoppable (AVRR before departure, a
  // qualified national's return before it is recorded): a later phase is not the applicant's to undo.
  const phase = found.workflow?.phase;
  if (phase === undefined || !deps.stoppablePhases(found.caseType).includes(phase)) throw new CaseConflict('not-withdrawable');
  const note: CaseNote | undefined = input.reasonText
    ? {
        noteId: randomUUID(),
        caseId: input.caseId,
        kind: 'withdrawal-reason',
        text: input.reasonText,
        author: input.actor.id,
        createdAt: deps.now().toISOString(),
      }
    : undefined;
  await closeCase(
    {
      caseId: input.caseId,
      reason: 'withdrawn',
      actor: input.actor,
      details: { withdrawalReasonCode: input.reasonCode, ...(note ? { noteId: note.noteId } : {}) },
      ...(note ? { notes: [note] } : {}),
    },
    deps,
  );
  return { ...found, status: 'closed', stage: 'closed' };
}
