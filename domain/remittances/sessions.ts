// Financial-literacy sessions on remittances: what the mission records of each (the day in Morocco,
// the city and venue, the association that co-organised it, the facilitator's position, the topics,
// and how many people attended by sex and age group) and the totals over a period. Counts only: no
// attendee is named, nor any money sent. docs/remittances.md
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../intake/fingerprint.ts';
import { IdempotencyKeyReused } from '../errors.ts';
import { fieldsOf } from '../forms/define.ts';
import { L, MOROCCAN_CITIES, SEXES, isoDate, labelled, notAfter, shortText, withRules } from '../forms/fields.ts';
import { associationIdPattern } from '../associations/association.ts';
import { localizeIssues, type FieldError, type Language } from '../i18n/index.ts';
import type { FieldInfo } from '../forms/types.ts';

/** The project's age bands, as `ageGroup` (domain/forms/fields.ts) gives them. */
export const AGE_GROUPS = ['0-17', '18-24', '25-59', '60+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export type Sex = (typeof SEXES)[number];
/** People of one sex by age group. */
export type AgeCounts = Record<AgeGroup, number>;
/** People who attended, by sex and age group. */
export type Attendance = Record<Sex, AgeCounts>;

/** What a session may have covered. */
export const SESSION_TOPICS = [
  'household-budgeting',
  'saving',
  'comparing-transfer-costs',
  'formal-channels',
  'digital-transfers',
  'bank-account-opening',
  'investment-in-morocco',
  'fraud-prevention',
  'other',
] as const;

export const MAX_ATTENDEES_PER_CELL = 1000;

const ageCounts = (sexLabel: ReturnType<typeof L>) =>
  labelled(
    z
      .object(
        Object.fromEntries(
          AGE_GROUPS.map((band) => [
            band,
            labelled(
              z.int().min(0).max(MAX_ATTENDEES_PER_CELL).default(0),
              L(`${sexLabel.fr}, ${band} ans`, `${sexLabel.ar}، ${band} سنة`, `${sexLabel.en}, aged ${band}`),
            ),
          ]),
        ) as Record<AgeGroup, z.ZodDefault<z.ZodInt>>,
      )
      .strict()
      .default({ '0-17': 0, '18-24': 0, '25-59': 0, '60+': 0 }),
    sexLabel,
  );

const SEX_LABELS: Record<Sex, ReturnType<typeof L>> = {
  female: L('Femmes et filles', 'النساء والفتيات', 'Women and girls'),
  male: L('Hommes et garçons', 'الرجال والفتيان', 'Men and boys'),
  other: L('Autre', 'آخر', 'Other'),
};

const attendanceLabel = L('Participation', 'الحضور', 'Attendance');

/** The session as staff record it; `today` is the day in Morocco the date may not be after. */
export function sessionCreateSchema(today: string) {
  const schema = z
    .object({
      date: isoDate(L('Date de la séance', 'تاريخ الجلسة', 'Date of the session')),
      city: labelled(z.enum(MOROCCAN_CITIES), L('Ville', 'المدينة', 'City')),
      venue: shortText(
        L('Lieu', 'المكان', 'Venue'),
        L(
          'Le lieu de la séance (maison des jeunes, siège d’une association…), pas une adresse personnelle.',
          'مكان الجلسة (دار الشباب، مقر جمعية…)، وليس عنوانًا شخصيًا.',
          'Where the session was held (youth centre, an association’s premises…), not a home address.',
        ),
      ),
      partnerId: labelled(
        z.string().regex(associationIdPattern),
        L('Association co-organisatrice', 'الجمعية المشاركة في التنظيم', 'Co-organising association'),
        L(
          'L’identifiant d’une association partenaire enregistrée, si elle a co-organisé la séance.',
          'معرّف جمعية شريكة مسجلة، إن شاركت في تنظيم الجلسة.',
          'A registered partner association’s id, if it co-organised the session.',
        ),
      ).optional(),
      facilitator: shortText(
        L('Fonction de l’animateur ou animatrice', 'صفة المنشّط(ة)', 'Facilitator’s position'),
        L(
          'Sa fonction (par exemple « chargée de programme migration et développement »), jamais son nom.',
          'صفته (مثل «مكلفة ببرنامج الهجرة والتنمية»)، وليس اسمه أبدًا.',
          'Their position (e.g. “migration and development programme officer”), never their name.',
        ),
      ),
      attendance: labelled(
        z.object({ female: ageCounts(SEX_LABELS.female), male: ageCounts(SEX_LABELS.male), other: ageCounts(SEX_LABELS.other) }).strict(),
        attendanceLabel,
        L(
          'Le nombre de personnes présentes par sexe et tranche d’âge ; aucun nom.',
          'عدد الحاضرين حسب الجنس والفئة العمرية؛ دون أي اسم.',
          'How many people attended, by sex and age group; no names.',
        ),
      ),
      topics: labelled(
        z
          .array(z.enum(SESSION_TOPICS))
          .min(1)
          .max(SESSION_TOPICS.length)
          .refine((xs) => new Set(xs).size === xs.length, { params: { code: 'duplicate' } }),
        L('Thèmes', 'المواضيع', 'Topics'),
      ),
    })
    .strict();
  // Each rule runs whenever the fields it reads are valid, so that one 422 lists every problem.
  return withRules(schema, [
    {
      reads: [['date']],
      check: (session, ctx) => notAfter(ctx, ['date'], session.date, { date: today, label: L('aujourd’hui', 'اليوم', 'today') }),
    },
    {
      reads: [['attendance']],
      check: (session, ctx) => {
        if (attendeesOf(session.attendance) === 0)
          ctx.addIssue({ code: 'custom', path: ['attendance'], message: 'attendance_empty', params: { code: 'attendance_empty' } });
      },
    },
  ]);
}
export type SessionCreate = z.output<ReturnType<typeof sessionCreateSchema>>;

const sessionFields: Record<string, FieldInfo> = fieldsOf(sessionCreateSchema('2026-01-01'));

/** The session's fields' labels by JSON Pointer (for errors raised after the schema, e.g. an unknown association). */
export const sessionFieldLabel = (pointer: string) => sessionFields[pointer]?.label;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function checkSession(body: unknown, today: string, language: Language): Checked<SessionCreate> {
  const parsed = sessionCreateSchema(today).safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: localizeIssues(parsed.error.issues, language, sessionFieldLabel) };
}

export interface SessionRecord extends SessionCreate {
  sessionId: string;
  /** Everyone who attended. */
  attendees: number;
  recordedAt: string;
  /** The staff user who recorded it (sub). */
  recordedBy: string;
}

export function attendeesOf(attendance: Attendance): number {
  return SEXES.reduce((sum, sex) => sum + AGE_GROUPS.reduce((inner, band) => inner + attendance[sex][band], 0), 0);
}

export function newSession(input: SessionCreate, sessionId: string, by: string, now: Date): SessionRecord {
  return { sessionId, ...input, attendees: attendeesOf(input.attendance), recordedAt: now.toISOString(), recordedBy: by };
}

/** How long a client may replay a session with the same Idempotency-Key (as a form submission). */
export const SESSION_IDEMPOTENCY_WINDOW_SECONDS = 7 * 24 * 3600;

/** What a session's Idempotency-Key keeps: the request's fingerprint and the first answer. */
export interface SessionIdempotencyRecord {
  key: string;
  fingerprint: string;
  session: SessionRecord;
  createdAt: string;
  expiresAt: number;
}

/** The same request: the body (key order and whitespace aside) and the staff user who sends it. */
export function sessionFingerprint(body: unknown, by: string): string {
  return createHash('sha256')
    .update(`remittance-session\n${by}\n${canonicalJson(body)}`)
    .digest('base64url');
}

export interface SessionStore {
  /**
   * Stores the session, and its idempotency record when given, in one transaction:
   * 'unknown-association' (nothing stored) when its co-organiser has no record, 'duplicate'
   * (nothing stored) when the idempotency key is already taken.
   */
  recordSession(record: SessionRecord, idempotency?: SessionIdempotencyRecord): Promise<'recorded' | 'unknown-association' | 'duplicate'>;
  findSessionIdempotency(key: string): Promise<SessionIdempotencyRecord | undefined>;
}

export type RecordSessionResult = { outcome: 'recorded'; session: SessionRecord; replayed: boolean } | { outcome: 'unknown-association' };

/**
 * Records a checked session once per Idempotency-Key (when the client sends one): the same key and
 * body again answer the first session (`replayed`), nothing stored twice; the same key with another
 * body (or from another user) is IdempotencyKeyReused.
 */
export async function recordSessionOnce(
  command: { input: SessionCreate; body: unknown; by: string; sessionId: string; idempotencyKey?: string },
  deps: { store: SessionStore; now: Date },
): Promise<RecordSessionResult> {
  const session = newSession(command.input, command.sessionId, command.by, deps.now);
  if (command.idempotencyKey === undefined) {
    const outcome = await deps.store.recordSession(session);
    return outcome === 'recorded' ? { outcome, session, replayed: false } : { outcome: 'unknown-association' };
  }
  const fingerprint = sessionFingerprint(command.body, command.by);
  const idempotency: SessionIdempotencyRecord = {
    key: command.idempotencyKey,
    fingerprint,
    session,
    createdAt: deps.now.toISOString(),
    expiresAt: Math.floor(deps.now.getTime() / 1000) + SESSION_IDEMPOTENCY_WINDOW_SECONDS,
  };
  // The key's record can expire (TTL) between the refused write and the read: then the key is free
  // again and the session is recorded anew (a bounded number of times: a record that keeps
  // vanishing is a fault, not an answer).
  for (let attempt = 1; ; attempt++) {
    const outcome = await deps.store.recordSession(session, idempotency);
    if (outcome === 'unknown-association') return { outcome };
    if (outcome === 'recorded') return { outcome, session, replayed: false };
    const earlier = await deps.store.findSessionIdempotency(command.idempotencyKey);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
      return { outcome: 'recorded', session: earlier.session, replayed: true };
    }
    if (attempt === 3) throw new Error('idempotency record vanished after a conflicting write, three times');
  }
}

/** Attendance summed over sessions: by sex, by age group and both. */
export interface AttendanceTotals {
  sessions: number;
  attendees: number;
  bySex: Record<Sex, number>;
  byAgeGroup: AgeCounts;
  bySexAndAgeGroup: Attendance;
}

const zeroAges = (): AgeCounts => ({ '0-17': 0, '18-24': 0, '25-59': 0, '60+': 0 });

export function attendanceTotals(sessions: readonly { attendance: Attendance }[]): AttendanceTotals {
  const totals: AttendanceTotals = {
    sessions: sessions.length,
    attendees: 0,
    bySex: { female: 0, male: 0, other: 0 },
    byAgeGroup: zeroAges(),
    bySexAndAgeGroup: { female: zeroAges(), male: zeroAges(), other: zeroAges() },
  };
  for (const { attendance } of sessions)
    for (const sex of SEXES)
      for (const band of AGE_GROUPS) {
        const n = attendance[sex]?.[band] ?? 0;
        totals.attendees += n;
        totals.bySex[sex] += n;
        totals.byAgeGroup[band] += n;
        totals.bySexAndAgeGroup[sex][band] += n;
      }
  return totals;
}

/** A realistic session, also the OpenAPI example. */
export const exampleSession: z.input<ReturnType<typeof sessionCreateSchema>> = {
  date: '2026-11-18',
  city: 'sale',
  venue: 'Maison des jeunes Hay Salam',
  partnerId: 'asso-jeunesse-avenir-sale',
  facilitator: 'Chargée de programme migration et développement',
  attendance: {
    female: { '0-17': 0, '18-24': 6, '25-59': 11, '60+': 2 },
    male: { '0-17': 0, '18-24': 4, '25-59': 9, '60+': 3 },
    other: { '0-17': 0, '18-24': 0, '25-59': 0, '60+': 0 },
  },
  topics: ['comparing-transfer-costs', 'formal-channels', 'digital-transfers'],
};
