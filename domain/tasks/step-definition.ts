// What a human step is, for every programme: who may do it, how long they have, the decision it
// records (a zod schema: validation, types, JSON Schema for the console, examples), and the rules
// beyond the schema. Each programme lists its steps in its declaration (domain/<programme>/programme.ts).
import type * as z from 'zod';
import type { Localized } from '../i18n/index.ts';
import type { StaffRole } from '../access/roles.ts';
import type { CaseRecord } from '../cases/model.ts';

export interface ContextIssue {
  path: (string | number)[];
  code: string;
  message: Localized;
}

export interface StepDefinition {
  step: string;
  title: Localized;
  roles: StaffRole[];
  /** Due this many days after the task is created (unless the workflow gives a due date). */
  dueInDays: number;
  decision: z.ZodType;
  /** One realistic decision per outcome, published under `examples`. */
  examples: Record<string, unknown>[];
  /**
   * Rules that need the task's context (e.g. the budget ceiling) or the system clock (`now`: a date
   * in the future), beyond the schema.
   */
  checkInContext?: (decision: Record<string, unknown>, context: Record<string, unknown>, now: Date) => ContextIssue[];
  /** Steps whose completer may not complete this one (four eyes). */
  fourEyesAgainst?: string[];
  /**
   * The context key naming another task of the same case whose decision this step's task shows in
   * full (`GET /tasks/{taskId}`, `relatedTask`): the approver reads the plan they approve, its free
   * text included, from the plan's task item (never through the workflow).
   */
  showsTaskOf?: string;
  /**
   * The ids of other cases a decision names (e.g. the need a returnee's job offer comes from), read
   * when the step completes and given to `caseGuard` as `named` (absent ones are left out: the
   * guard says what their absence means). Ids that are not UUIDs are never read.
   */
  namesCases?: (decision: Record<string, unknown>) => string[];
  /**
   * Rules on the case as it is when the step completes (the cases linked to it, and those the
   * decision names), beyond the decision: a refusal is a 409 naming why (e.g. a child's return
   * without a recorded BID).
   */
  caseGuard?: (
    decision: Record<string, unknown>,
    cases: { current: CaseRecord; linked: CaseRecord[]; named: CaseRecord[] },
  ) => StepRefusal | undefined;
}

/**
 * Why a valid decision cannot be taken on the case as it stands. Each refusal is answered with its
 * own problem (functions/commons/problems.ts, `stepRefusalProblems`; messages in domain/i18n/).
 */
export const STEP_REFUSALS = [
  'best-interests-determination-required',
  'need-not-matched-to-returnee',
  'candidate-no-longer-available',
] as const;
export type StepRefusal = (typeof STEP_REFUSALS)[number];
