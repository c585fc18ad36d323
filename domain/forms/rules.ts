// Cross-field rules of the forms: how a rule reports a violation (a stable machine code) and when it
// runs (whenever the fields it reads are valid, so that one 422 lists every problem).
import type * as z from 'zod';

export type RefinementCtx = z.core.$RefinementCtx;

/** Stable machine codes of the forms' own rules; each has a message under `field.custom.<code>`. */
export const RULE_CODES = [
  'guardian_required',
  'guardian_consent_required',
  'date_order',
  'contact_required',
  'consent_required',
  'consent_or_best_interests_required',
  'not_applicable',
  'medical_needs_implied',
  'escort_required',
  'age_out_of_range',
  'birth_date_or_age_required',
  'details_required',
  'duplicate',
  'unknown_country',
  'unknown_language',
  'duration_exceeds_window',
  'mission_city_required',
  'engagement_terms_required',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** Reports a cross-field rule; `code` is the stable machine code the client sees. */
export function violate(ctx: RefinementCtx, path: PropertyKey[], code: RuleCode, params: Record<string, unknown> = {}): void {
  ctx.addIssue({ code: 'custom', path, message: code, params: { code, ...params } });
}

/**
 * A cross-field rule and the paths it reads. zod skips refinements once any field failed, which
 * would hide e.g. guardian_required until the client fixed an unrelated typo; a rule here runs
 * whenever the fields it reads are themselves valid, so one 422 lists every problem.
 */
export interface Rule<T> {
  reads: PropertyKey[][];
  check: (value: T, ctx: RefinementCtx) => void;
}

function overlaps(a: readonly PropertyKey[], b: readonly PropertyKey[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function readsValid(paths: PropertyKey[][]): (payload: z.core.ParsePayload) => boolean {
  return (payload) =>
    !payload.issues.some(
      // A stray key says nothing about the values a rule reads.
      (issue) => issue.code !== 'unrecognized_keys' && paths.some((p) => overlaps(issue.path ?? [], p)),
    );
}

export function withRules<S extends z.ZodType>(schema: S, rules: Rule<z.output<S>>[]): S {
  return rules.reduce<S>((acc, rule) => acc.superRefine((value, ctx) => rule.check(value, ctx), { when: readsValid(rule.reads) }), schema);
}
