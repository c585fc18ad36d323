// What happens to a diaspora expert's register entry: listed once verified (the `list-expert` case
// action, from the verification's task item), their availability windows replaced by staff, and
// their withdrawal (the entry leaves the search at once, the case closes). Every change of an entry
// is conditional on the version it was read at; the case history records codes and counts only.
import { z } from 'zod';
import { CaseNotFound } from '../errors.ts';
import { closeCase, event, setStage, withCase, type Deps } from '../cases/case-actions.ts';
import type { Actor } from '../cases/model.ts';
import { SECTORS } from '../forms/fields.ts';
import { readsValid } from '../forms/rules.ts';
import {
  EXPERT_MODES,
  MAX_WINDOW_DAYS,
  MAX_WINDOWS,
  newEntry,
  overlapDays,
  type AvailabilityWindow,
  type RegisterEntry,
  type RegisterQuery,
} from './register.ts';
import { isSkillKey, normaliseSkill, skillKeys } from './skills.ts';

export interface RegisterWriter {
  get(expertId: string): Promise<RegisterEntry | undefined>;
  list(entry: RegisterEntry): Promise<'listed' | 'exists'>;
  update(changed: RegisterEntry, previous: RegisterEntry): Promise<'updated' | 'stale'>;
}

export type RegisterDeps = Deps & { register: RegisterWriter };

export class ExpertNotListed extends Error {
  constructor() {
    super('expert not listed');
    this.name = 'ExpertNotListed';
  }
}
export class ExpertChanged extends Error {
  constructor() {
    super('register entry changed');
    this.name = 'ExpertChanged';
  }
}

const isoDate = z.iso.date();

export const availabilityWindowSchema = z.strictObject({ from: isoDate, to: isoDate, mode: z.enum(EXPERT_MODES) }).superRefine(
  (w, ctx) => {
    if (w.to < w.from) ctx.addIssue({ code: 'custom', path: ['to'], params: { code: 'window_ends_before_start' } });
    else if (overlapDays(w, w) > MAX_WINDOW_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], params: { code: 'window_too_long' } });
  },
  { when: readsValid([['from'], ['to']]) },
);

/** `POST /experts/{caseId}/availability`: the windows replacing the entry's, from the version read. */
export const availabilityChangeSchema = z.strictObject({
  windows: z.array(availabilityWindowSchema).max(MAX_WINDOWS),
  version: z.int().min(1),
});

export const EXPERT_WITHDRAWAL_REASONS = ['expert-request', 'no-longer-available', 'unreachable', 'other'] as const;
export const expertWithdrawalSchema = z.strictObject({ reasonCode: z.enum(EXPERT_WITHDRAWAL_REASONS) });

/** A repeated query parameter: API Gateway joins its values with commas (`skill=a&skill=b` → `a,b`). */
const many = (value: unknown): unknown[] =>
  value === undefined
    ? []
    : (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',') : [v]));

/** `GET /register/experts`: a skill and a language may be repeated; skills are normalised. */
export const registerQuerySchema = z
  .strictObject({
    sector: z.enum(SECTORS).optional(),
    skill: z.preprocess(
      many,
      z
        .array(
          z
            .string()
            .min(1)
            .max(100)
            .transform(normaliseSkill)
            .refine((key) => isSkillKey(key), { params: { code: 'skill_without_key' } }),
        )
        .max(10),
    ),
    language: z.preprocess(many, z.array(z.string().regex(/^[a-z]{2}$/)).max(10)),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    mode: z.enum(EXPERT_MODES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .superRefine(
    (q, ctx) => {
      if ((q.from === undefined) !== (q.to === undefined))
        ctx.addIssue({ code: 'custom', path: [q.from === undefined ? 'from' : 'to'], params: { code: 'dates_together' } });
      else if (q.from !== undefined && q.to !== undefined && q.to < q.from)
        ctx.addIssue({ code: 'custom', path: ['to'], params: { code: 'window_ends_before_start' } });
      if (q.skill.length === 0 && q.country === undefined && q.sector === undefined)
        ctx.addIssue({ code: 'custom', path: [], params: { code: 'search_needs_criterion' } });
    },
    { when: readsValid([['from'], ['to'], ['skill'], ['country'], ['sector']]) },
  );

export function toRegisterQuery(parsed: z.output<typeof registerQuerySchema>): RegisterQuery {
  return {
    ...(parsed.sector ? { sector: parsed.sector } : {}),
    skills: [...new Set(parsed.skill)],
    languages: [...new Set(parsed.language)],
    ...(parsed.country ? { country: parsed.country } : {}),
    ...(parsed.from ? { from: parsed.from } : {}),
    ...(parsed.to ? { to: parsed.to } : {}),
    ...(parsed.mode ? { mode: parsed.mode } : {}),
    limit: parsed.limit,
    ...(parsed.cursor ? { cursor: parsed.cursor } : {}),
  };
}

/**
 * The verified expert enters the register (the verification's confirmed skills as keys and languages,
 * the rest from the case's facts), then the case moves to stage `listed`. A retry finds the entry and
 * only moves the stage.
 */
export async function listExpert(input: { caseId: string; taskId: string }, deps: RegisterDeps): Promise<{ listed: true }> {
  const task = await deps.store.getTask(input.taskId);
  const found = await deps.store.getCase(input.caseId);
  if (!task || task.caseId !== input.caseId || !task.decision || !found) throw new CaseNotFound(input.caseId);
  const decision = task.decision as { skillsConfirmed?: string[]; languagesConfirmed?: string[] };
  const entry = newEntry({
    expertId: input.caseId,
    facts: found.facts,
    skills: skillKeys(decision.skillsConfirmed ?? []),
    languages: decision.languagesConfirmed ?? [],
    at: deps.now().toISOString(),
  });
  await deps.register.list(entry);
  await setStage({ caseId: input.caseId, stage: 'listed', details: { skills: entry.skills.length, windows: entry.windows.length } }, deps);
  return { listed: true };
}

async function listed(caseId: string, deps: RegisterDeps): Promise<RegisterEntry> {
  const entry = await deps.register.get(caseId);
  if (!entry || entry.status !== 'listed') throw new ExpertNotListed();
  return entry;
}

/** Staff replace a listed expert's availability windows (from the version read); recorded in the case history. */
export async function changeAvailability(
  input: { caseId: string; windows: AvailabilityWindow[]; version: number; actor: Actor },
  deps: RegisterDeps,
): Promise<RegisterEntry> {
  const entry = await listed(input.caseId, deps);
  if (entry.version !== input.version) throw new ExpertChanged();
  const at = deps.now().toISOString();
  const windows = [...input.windows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const changed: RegisterEntry = { ...entry, windows, updatedAt: at, version: entry.version + 1 };
  if ((await deps.register.update(changed, entry)) === 'stale') throw new ExpertChanged();
  await withCase(input.caseId, deps, (found, now) =>
    deps.store.updateCase(
      found,
      { updatedAt: now },
      event(input.caseId, now, 'expert.availability-changed', input.actor, { windows: windows.length, version: changed.version }),
    ),
  );
  return changed;
}

/**
 * A listed expert withdraws: their entry is marked withdrawn and leaves every index partition in one
 * transaction (the search no longer finds them), then the case closes (`withdrawn-from-register`).
 * Their personal data stay on the case's person item until erased (POST /data-protection/erasures).
 */
export async function withdrawExpert(
  input: { caseId: string; reasonCode: (typeof EXPERT_WITHDRAWAL_REASONS)[number]; actor: Actor },
  deps: RegisterDeps,
): Promise<RegisterEntry> {
  const entry = await listed(input.caseId, deps);
  const at = deps.now().toISOString();
  const changed: RegisterEntry = { ...entry, status: 'withdrawn', updatedAt: at, version: entry.version + 1 };
  if ((await deps.register.update(changed, entry)) === 'stale') throw new ExpertChanged();
  await closeCase(
    { caseId: input.caseId, reason: 'withdrawn-from-register', actor: input.actor, details: { reasonCode: input.reasonCode } },
    deps,
  );
  return changed;
}

/** The closure reason of an expert's case whose data the data-protection officer erased. */
export const EXPERT_DATA_ERASED = 'expert-data-erased';
/** Attempts of the withdrawal after an erasure when the entry changes between its read and its write. */
const ERASURE_ATTEMPTS = 3;

/**
 * After the data-protection officer erased an expert's data (POST /data-protection/erasures): their
 * entry, still listed, is withdrawn and leaves every index partition (one transaction), and their case,
 * still open, closes (`expert-data-erased`). Idempotent: the erasure runs it for every expert case it
 * concerns, erased now or before, so that a request repeated after a failure completes it. A case
 * without an entry (never verified) is left as it is. Returns whether there was an entry.
 */
export async function withdrawErasedExpert(input: { caseId: string; actor: Actor }, deps: RegisterDeps): Promise<boolean> {
  let entry: RegisterEntry | undefined;
  for (let attempt = 1; ; attempt++) {
    entry = await deps.register.get(input.caseId);
    if (!entry) return false;
    if (entry.status !== 'listed') break;
    const changed: RegisterEntry = { ...entry, status: 'withdrawn', updatedAt: deps.now().toISOString(), version: entry.version + 1 };
    if ((await deps.register.update(changed, entry)) === 'updated') break;
    if (attempt >= ERASURE_ATTEMPTS) throw new ExpertChanged();
  }
  await closeCase({ caseId: input.caseId, reason: EXPERT_DATA_ERASED, actor: input.actor }, deps);
  return true;
}
