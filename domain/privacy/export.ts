// Access (law 09-08, art. 7): everything held about a person, across programmes, as one JSON
// document with a readable summary in the requester's language. The export itself is recorded in
// each case's history (ids only).
import type { Caller } from '../access/roles.ts';
import { newEventId } from '../cases/event-id.ts';
import type { CaseEvent, CaseNote, CaseRecord, PersonRecord, SubmissionRecord } from '../cases/model.ts';
import type { Language } from '../i18n/index.ts';
import type { ShareRecord } from '../sharing/shares.ts';
import type { TaskRecord } from '../tasks/model.ts';
import type { CorrectionAudit } from './correction.ts';
import { summaryWords } from './messages.ts';

/** Everything one case holds that concerns the person. */
export interface CaseHoldings {
  case: CaseRecord;
  /** The person's own item(s) in this case. */
  persons: PersonRecord[];
  /** As received (they may also describe the others who applied with the person). */
  submissions: SubmissionRecord[];
  notes: CaseNote[];
  corrections: CorrectionAudit[];
  shares: ShareRecord[];
  tasks: TaskRecord[];
  history: CaseEvent[];
}

export interface PersonDataExport {
  exportId: string;
  generatedAt: string;
  language: Language;
  cases: {
    caseId: string;
    reference: string;
    programme: string;
    status: string;
    stage: string;
    createdAt: string;
    closedAt?: string;
    facts: Record<string, unknown>;
    consents: Record<string, unknown>;
    persons: PersonRecord[];
    submissions: (Omit<SubmissionRecord, 'rawBody'> & { body: unknown })[];
    notes: CaseNote[];
    corrections: CorrectionAudit[];
    shares: ShareRecord[];
    tasks: Pick<TaskRecord, 'taskId' | 'step' | 'status' | 'createdAt' | 'completedAt' | 'decision'>[];
    history: Omit<CaseEvent, 'caseId'>[];
  }[];
  /** The same, as lines a person can read. */
  summary: string[];
}

function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, `${prefix}[${i + 1}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, String(value)]];
}

export function buildPersonExport(holdings: CaseHoldings[], exportId: string, language: Language, now: Date): PersonDataExport {
  const w = (key: keyof typeof summaryWords) => summaryWords[key][language];
  const cases = holdings.map((h) => ({
    caseId: h.case.caseId,
    reference: h.case.reference,
    programme: h.case.programme,
    status: h.case.status,
    stage: h.case.stage,
    createdAt: h.case.createdAt,
    ...(h.case.closedAt ? { closedAt: h.case.closedAt } : {}),
    facts: h.case.facts,
    consents: Object.fromEntries(Object.entries(h.case.facts).filter(([key]) => key.startsWith('consent'))),
    persons: h.persons,
    submissions: h.submissions.map(({ rawBody, ...rest }) => ({ ...rest, body: rawBody ? parsed(rawBody) : null })),
    notes: h.notes,
    corrections: h.corrections,
    shares: h.shares,
    tasks: h.tasks.map((t) => ({
      taskId: t.taskId,
      step: t.step,
      status: t.status,
      createdAt: t.createdAt,
      ...(t.completedAt ? { completedAt: t.completedAt } : {}),
      ...(t.decision ? { decision: t.decision } : {}),
    })),
    history: h.history.map(({ caseId: _caseId, ...event }) => event),
  }));
  const summary = [`${w('title')} — ${w('generatedAt')} ${now.toISOString().slice(0, 10)}`, `${w('cases')}: ${cases.length}`];
  for (const c of cases) {
    const status = c.status === 'closed' ? w('closed') : w('open');
    summary.push('', `${w('case')} ${c.reference} — ${w('programme')}: ${c.programme} — ${w('status')}: ${status}`);
    for (const person of c.persons) {
      summary.push(`${w('role')}: ${person.role}${person.erasedAt ? ` (${w('erased')} ${person.erasedAt.slice(0, 10)})` : ''}`);
      for (const [field, value] of flatten(person.data)) summary.push(`  ${field}: ${value}`);
    }
    const consents = flatten(c.consents).map(([k, v]) => `${k}=${v}`);
    summary.push(
      `${w('consents')}: ${consents.join(', ') || '—'}`,
      `${w('submissions')}: ${c.submissions.length}`,
      `${w('notes')}: ${c.notes.length}`,
      `${w('corrections')}: ${c.corrections.length}`,
      `${w('shares')}: ${c.shares.map((s) => `${s.partnerId} (${s.purpose})`).join(', ') || '—'}`,
      `${w('tasks')}: ${c.tasks.length}`,
      `${w('history')}: ${c.history.length}`,
    );
  }
  return { exportId, generatedAt: now.toISOString(), language, cases, summary };
}

/** The record of an export in one case's history: which persons, which export, by whom. */
export function exportEvent(caseId: string, personIds: string[], exportId: string, by: Caller, now: Date): CaseEvent {
  return {
    caseId,
    eventId: newEventId(),
    at: now.toISOString(),
    type: 'person.data-exported',
    actor: { kind: 'staff', id: by.sub },
    details: { personIds, exportId },
  };
}
