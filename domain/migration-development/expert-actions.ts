// What happens to a diaspora expert's register entry: listed once verified (the `list-expert` case
// action, from the verification's task item), their availability windows replaced by staff, and
// their withdrawal (the entry leaves the search at once, the case closes). Every change of an entry
// is conditional on the version it was read at; the case history records codes and counts only.
import * as z from 'zod';
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

/** Attempts of a withdrawal when the entry changes between its read and its write. */
const WITHDRAWAL_ATTEMPTS = 3;

/**
 * The one withdrawal from the register: the entry, read again at each attempt, marked withdrawn and
 * out of every index partition in one transaction (the search no longer finds it), retried over a
 * concurrent change; then the case closed with `reason`. `listedOnly`: a staff withdrawal, refused
 * for an entry not listed; otherwise (after an erasure) a case without an entry is left as it is and
 * an entry already withdrawn only has its case closed (a repeated erasure completes it).
 */
async function withdrawFromRegister(
  input: { caseId: string; actor: Actor; reason: string; details?: Record<string, unknown>; listedOnly: boolean },
  deps: RegisterDeps,
): Promise<RegisterEntry | undefined> {
  let withdrawn: RegisterEntry | undefined;
  for (let attempt = 1; withdrawn === undefined; attempt++) {
    const entry = input.listedOnly ? await listed(input.caseId, deps) : await deps.register.get(input.caseId);
    if (!entry) return undefined;
    if (entry.status !== 'listed') withdrawn = entry;
    else {
      const changed: RegisterEntry = { ...entry, status: 'withdrawn', updatedAt: deps.now().toISOString(), version: entry.version + 1 };
      if ((await deps.register.update(changed, entry)) === 'updated') withdrawn = changed;
      else if (attempt >= WITHDRAWAL_ATTEMPTS) throw new ExpertChanged();
    }
  }
  await closeCase(
    { caseId: input.caseId, reason: input.reason, actor: input.actor, ...(input.details ? { details: input.details } : {}) },
    deps,
  );
  return withdrawn;
}

/**
 * A listed expert withdraws: their entry is withdrawn (withdrawFromRegister), then the case closes
 * (`withdrawn-from-register`). Their personal data stay on the case's person item until erased
 * (POST /data-protection/erasures).
 */
export async function withdrawExpert(
  input: { caseId: string; reasonCode: (typeof EXPERT_WITHDRAWAL_REASONS)[number]; actor: Actor },
  deps: RegisterDeps,
): Promise<RegisterEntry> {
  const withdrawn = await withdrawFromRegister(
    {
      caseId: input.caseId,
      actor: input.actor,
      reason: 'withdrawn-from-register',
      details: { reasonCode: input.reasonCode },
      listedOnly: true,
    },
    deps,
  );
  // listedOnly: an entry not listed was refused (ExpertNotListed).
  return withdrawn!;
}

/** The closure reason of an expert's case whose data the data-protection officer erased. */
export const EXPERT_DATA_ERASED = 'expert-data-erased';

/**
 * After the data-protection officer erased an expert's data (POST /data-protection/erasures): their
 * entry, still listed, is withdrawn, and their case, still open, closes (`expert-data-erased`), by
 * the same withdrawal as a staff one. Idempotent: the erasure runs it for every expert case it
 * concerns, erased now or before, so that a request repeated after a failure completes it. A case
 * without an entry (never verified) is left as it is. Returns whether there was an entry.
 */
export async function withdrawErasedExpert(input: { caseId: string; actor: Actor }, deps: RegisterDeps): Promise<boolean> {
  const withdrawn = await withdrawFromRegister(
    { caseId: input.caseId, actor: input.actor, reason: EXPERT_DATA_ERASED, listedOnly: false },
    deps,
  );
  return withdrawn !== undefined;
}
