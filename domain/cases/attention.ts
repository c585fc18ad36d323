// A case whose workflow cannot go on: a task of its workflow failed permanently (after its retries),
// so the workflow flags the case "needs attention" and opens the `attention-resolve` step for a
// supervisor, who retries the failed state (a bounded number of times per case) or closes the case
// (reason `needs-attention-closed`). Built once for every programme (workflows/attention.ts); what is
// recorded is ids and codes only: the failed state's name and the error's name, never its cause.
import * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import type { ContextIssue, StepDefinition } from '../tasks/step-definition.ts';
import type { AttentionRecord, Programme } from './model.ts';
import { event, system, withCase, type Deps } from './case-actions.ts';

export const ATTENTION_STEP = 'attention-resolve';
/** How many times, per case, a supervisor may send its workflow back to a failed state. */
export const MAX_ATTENTION_RETRIES = 3;
export const ATTENTION_CLOSURE_REASON = 'needs-attention-closed';

const t = (fr: string, ar: string, en: string): Localized => ({ fr, ar, en });

export const attentionStep: StepDefinition = {
  step: ATTENTION_STEP,
  title: t('Dossier à examiner : le traitement a échoué', 'ملف يحتاج إلى تدخل: فشلت المعالجة', 'Case needs attention: processing failed'),
  roles: ['supervisor'],
  dueInDays: 2,
  decision: z.discriminatedUnion('outcome', [
    z.strictObject({ outcome: z.literal('retry') }),
    z.strictObject({ outcome: z.literal('close') }),
  ]),
  examples: [{ outcome: 'retry' }, { outcome: 'close' }],
  // After the last retry, only closing is left.
  checkInContext: (decision, context): ContextIssue[] =>
    decision.outcome === 'retry' && Number(context.retriesLeft) <= 0
      ? [
          {
            path: ['outcome'],
            code: 'no_retry_left',
            message: t(
              `Ce dossier a déjà été relancé ${MAX_ATTENTION_RETRIES} fois : il ne peut plus qu’être clôturé.`,
              `أعيدت معالجة هذا الملف ${MAX_ATTENTION_RETRIES} مرات: لا يمكن الآن إلا إغلاقه.`,
              `This case was retried ${MAX_ATTENTION_RETRIES} times already: it can only be closed now.`,
            ),
          },
        ]
      : [],
};

export const attentionInput = z.object({
  caseId: z.uuid(),
  state: z.string().min(1).max(200),
  error: z.string().max(1000),
  /** The failure: one per failed task entry (several at once from a Map's items or a Parallel's branches). */
  flagId: z.string().min(1).max(300),
  /** The flag state's entry: a retried invocation flags nothing twice; a new entry (the task expired) flags again. */
  entry: z.string().min(1).max(300),
});

/** An error name as recorded: a code (`States.TaskFailed`, `CaseConflict`), or `Unknown` for anything else (a message in its place). */
export function errorCode(error: string): string {
  return /^[A-Za-z][A-Za-z0-9._:-]{0,79}$/.test(error) ? error : 'Unknown';
}

/**
 * Flags the case: the failure under its `flagId` in `attention` (others stay as they are) and
 * `case.needs-attention` in its history. Returns what the supervisor's step needs (retries left, the
 * stage the case stays at) and whether this call flagged it (false for a retried invocation, or a
 * failure already resolved), for the metric.
 */
export async function flagAttention(
  input: z.infer<typeof attentionInput>,
  deps: Deps,
): Promise<{ retriesLeft: number; stage: string; programme: Programme; flagged: boolean }> {
  let answer = { retriesLeft: 0, stage: '', programme: 'avrr' as Programme, flagged: false };
  await withCase(input.caseId, deps, async (found, at) => {
    const retriesLeft = Math.max(0, MAX_ATTENTION_RETRIES - (found.attentionRetries ?? 0));
    answer = { retriesLeft, stage: found.stage, programme: found.programme, flagged: false };
    const known = found.attention?.[input.flagId];
    if (known && (known.entry === input.entry || known.resolution)) return 'done';
    const record: AttentionRecord = { state: input.state, error: errorCode(input.error), at, entry: input.entry };
    const written = await deps.store.updateCase(
      found,
      { attention: { ...found.attention, [input.flagId]: record }, updatedAt: at },
      event(found.caseId, at, 'case.needs-attention', system, {
        state: record.state,
        error: record.error,
        flagId: input.flagId,
        retriesLeft,
      }),
    );
    answer.flagged = written;
    return written;
  });
  return answer;
}

/**
 * The supervisor's decision on one failure (`flagId`): recorded on that flag only, the others left
 * as they are. A retry is granted while the case has retries left (counted by the same write,
 * conditional on the case's version, so that concurrent resolutions never exceed
 * MAX_ATTENTION_RETRIES); otherwise the outcome is `close`. Returns the outcome the workflow follows;
 * a redelivered resolution writes nothing and gets the same answer.
 */
export async function resolveAttention(
  input: { caseId: string; flagId: string; outcome: 'retry' | 'close'; taskId: string; completedBy?: string },
  deps: Deps,
): Promise<{ outcome: 'retry' | 'close' }> {
  let answer: { outcome: 'retry' | 'close' } = { outcome: 'close' };
  await withCase(input.caseId, deps, async (found, at) => {
    const flag = found.attention?.[input.flagId];
    const retries = found.attentionRetries ?? 0;
    const outcome = input.outcome === 'retry' && retries < MAX_ATTENTION_RETRIES ? 'retry' : 'close';
    if (!flag) {
      // Never flagged under this id (nothing to record): the decision as it would be granted.
      answer = { outcome };
      return 'done';
    }
    if (flag.resolution) {
      answer = { outcome: flag.resolution.outcome };
      return 'done';
    }
    answer = { outcome };
    return deps.store.updateCase(
      found,
      {
        attention: { ...found.attention, [input.flagId]: { ...flag, resolution: { outcome, taskId: input.taskId, at } } },
        updatedAt: at,
        ...(outcome === 'retry' ? { attentionRetries: retries + 1 } : {}),
      },
      event(found.caseId, at, 'case.attention-resolved', input.completedBy ? { kind: 'staff', id: input.completedBy } : system, {
        state: flag.state,
        error: flag.error,
        flagId: input.flagId,
        outcome,
        ...(outcome !== input.outcome ? { requested: input.outcome } : {}),
        taskId: input.taskId,
      }),
    );
  });
  return answer;
}
