// The API's requests and responses as zod schemas: what the handlers validate and return is what the
// OpenAPI document says (functions/get-openapi/openapi.ts generates it from these very schemas).
import { REFERRAL_REJECTION_REASONS, REFERRAL_STATUSES, SHARE_OVERRIDE_REASONS, SHARE_PURPOSES } from '../../domain/sharing/shares.ts';
import { MATCH_CRITERIA, MATCH_DECISIONS, MATCH_STATUSES } from '../../domain/identity/matches.ts';
import { CONSENT_PURPOSES, GROUNDS_WITHOUT_CONSENT, LEGAL_BASES } from '../../domain/consent/legal-basis.ts';
import { ERASURE_GROUNDS } from '../../domain/privacy/erasure.ts';
import * as z from 'zod';
import { DIMENSIONS, type Dimension } from '../../domain/indicators/types.ts';
import { TASK_STATUSES, taskIdPattern, type TaskRecord } from '../../domain/tasks/model.ts';
import { PROGRAMMES, WITHDRAWAL_REASONS, caseIdPattern } from '../../domain/cases/model.ts';
import { ACCESS_KINDS, SEARCH_CRITERIA } from '../../domain/access/access-log.ts';
import { REFERRAL_OVERRIDE_REASONS } from '../../domain/cases/referral.ts';
import { REOPENING_NEEDS } from '../../domain/cases/reopening.ts';
import { MISSION_ROLES, STAFF_ROLES } from '../../domain/access/roles.ts';
import {
  ASSOCIATION_STATUSES,
  associationCreateSchema,
  associationIdPattern,
  associationUpdateSchema,
  exampleAssociation,
} from '../../domain/associations/association.ts';
import { MOROCCAN_CITIES, SECTORS } from '../../domain/forms/fields.ts';
import { AGE_GROUPS, SESSION_TOPICS, exampleSession, sessionCreateSchema } from '../../domain/remittances/sessions.ts';
import { CSV_COLUMNS, INSTRUMENTS, PROVIDER_TYPES, SDG_TARGET_PERCENT, quarterPattern } from '../../domain/remittances/corridor-prices.ts';

import { OPEN_FOR_MATCHING } from '../../domain/migration-development/need-case-actions.ts';
import { CONTRACT_KINDS, ENGAGEMENTS, MISSION_MODES } from '../../domain/forms/host-institution-need.ts';

export const programmeSchema = z.enum(PROGRAMMES);

/** Paging parameters shared by the queue views. */
export const pagingQuerySchema = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional().meta({ description: 'The `next` of the previous page, as given' }),
};

// ---- Requests ----

/** Read by every route (never refused): the language of labels and problems. */
export const languageHeaderSchema = z.object({
  'Accept-Language': z
    .string()
    .optional()
    .meta({ examples: ['fr', 'ar', 'en'] }),
});

/** Submissions are small JSON documents; anything larger is refused before parsing. */
export const MAX_SUBMISSION_BYTES = 64 * 1024;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{8,128}$/)
  .meta({ description: 'Unique per submission (a UUID); replaying the same key and body returns the first answer' });

export const submissionHeadersSchema = z.object({
  'Idempotency-Key': idempotencyKeySchema,
  'Notice-Language': z.enum(['fr', 'ar', 'en']).optional().meta({
    description:
      'The language the form showed the law 09-08 notice in (recorded with the submission, with the notice’s version); without it, the language negotiated from Accept-Language. Anything else is 400',
  }),
});

/**
 * A form version in the query string: a positive integer, written plainly. Anything else names no
 * version (404), so the handlers do not answer 400 for it.
 */
export const formVersionSchema = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number)
  .meta({
    // Documented as what a client sends: an integer.
    override: ({ jsonSchema }) => {
      delete jsonSchema.pattern;
      Object.assign(jsonSchema, { type: 'integer', minimum: 1, maximum: 999999 });
    },
  });

export const formPathSchema = z.object({ formId: z.string() });
export const formVersionQuerySchema = z.object({
  version: formVersionSchema.optional().meta({ description: 'Form version; the latest when absent' }),
});

/** Path ids that fail their pattern name nothing: the handlers answer 404 without a read. */
export const casePathSchema = z.object({ caseId: z.string().regex(caseIdPattern) });
export const taskPathSchema = z.object({ taskId: z.string().regex(taskIdPattern) });

export const caseQueueQuerySchema = z.strictObject({
  programme: programmeSchema,
  stage: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .meta({ description: 'e.g. submitted, screening, approval, case-plan, follow-up, closed' }),
  ...pagingQuerySchema,
});

export const taskQueueQuerySchema = z.strictObject({
  queue: z.enum(['mine', 'role', 'partner']).optional().meta({ description: "Default: 'role' for staff, 'partner' for partner users" }),
  role: z.enum(MISSION_ROLES).optional().meta({ description: "With queue=role: one of the caller's groups (default: the first)" }),
  programme: programmeSchema.optional(),
  ...pagingQuerySchema,
});

const localized = z.object({ fr: z.string(), ar: z.string(), en: z.string() });

export const fieldErrorSchema = z
  .object({
    pointer: z.string().meta({ description: 'JSON Pointer (RFC 6901) to the field in the request body' }),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. required, invalid_format, guardian_required' }),
    message: z.string().meta({ description: 'Message in the negotiated language' }),
  })
  .meta({ id: 'FieldError' });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
    currentVersion: z.number().int().optional().meta({ description: 'formVersionRetired: the version of the form to submit instead' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, in French, Arabic or English by Accept-Language' });

export const submissionReceiptSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string().meta({ examples: ['AVRR-2026-000042'] }),
    formId: z.string(),
    formVersion: z.number().int(),
    receivedAt: z.iso.datetime(),
    status: z.literal('received'),
  })
  .meta({ id: 'SubmissionReceipt' });

export const formSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    versions: z.array(z.number().int()),
    retiredVersions: z
      .array(z.number().int())
      .optional()
      .meta({ description: 'Superseded versions: still readable, their cases shown, but a submission on one is refused (410)' }),
    programme: z.string(),
    submittedBy: z.literal('association').optional().meta({
      description:
        'Submitted by a partner association’s staff (POST /partner/forms/...) or by mission staff on its behalf (POST /associations/{associationId}/forms/...): the public route refuses it',
    }),
    title: z.string(),
    description: z.string(),
    titles: localized,
    href: z.string(),
  })
  .meta({ id: 'FormSummary' });

export const formListSchema = z.object({ forms: z.array(formSummarySchema) }).meta({ id: 'FormList' });

export const privacyNoticeSchema = z
  .object({
    controller: z.string(),
    purposes: z.array(z.string()),
    recipients: z.array(z.string()),
    rights: z.array(z.string()),
    howToExerciseRights: z.string(),
    mandatoryAnswers: z.array(z.string()).meta({ description: 'Labels of the top-level answers the form requires' }),
    optionalAnswers: z.array(z.string()),
    mandatoryAnswersNote: z.string(),
    cndpReference: z.string().meta({ description: 'Reference of the CNDP declaration or authorisation' }),
    cndpStatement: z.string(),
    version: z.string().meta({
      description: 'sha256 (hex) of this notice’s content in this language: each submission records the version it was shown',
    }),
  })
  .meta({ id: 'PrivacyNotice', description: 'The notice law 09-08 requires at collection, in the language of the response' });

export const formDocumentSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    latestVersion: z.number().int(),
    retired: z
      .literal(true)
      .optional()
      .meta({ description: 'A superseded version: readable, but a submission on it is refused (410 naming `latestVersion`)' }),
    programme: z.string(),
    submittedBy: z.literal('association').optional().meta({
      description:
        'Submitted by a partner association’s staff (POST /partner/forms/...) or by mission staff on its behalf (POST /associations/{associationId}/forms/...): the public route refuses it',
    }),
    title: z.string(),
    description: z.string(),
    language: z.enum(['fr', 'ar', 'en']),
    submitTo: z.string(),
    schema: z
      .record(z.string(), z.unknown())
      .meta({ description: 'JSON Schema (2020-12) of the submission body, with labels and examples' }),
    notice: privacyNoticeSchema,
  })
  .meta({ id: 'FormDocument' });

const sustainabilityScoreSchema = z.object({
  economic: z.number(),
  social: z.number(),
  psychosocial: z.number(),
  overall: z.number(),
  sustainable: z.boolean(),
});

const caseTaskLinkSchema = z.object({
  taskId: z.uuid(),
  step: z.string(),
  title: z.string().meta({ description: 'The step, in the negotiated language' }),
  status: z.enum(TASK_STATUSES),
  dueAt: z.iso.datetime(),
});

export const shareSchema = z
  .object({
    shareId: z.uuid(),
    caseId: z.uuid(),
    partnerId: z.string(),
    scope: z.union([z.literal('case'), z.object({ service: z.string() })]),
    purpose: z.enum(SHARE_PURPOSES),
    until: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    overrideReason: z.enum(SHARE_OVERRIDE_REASONS).optional(),
    revokedAt: z.iso.datetime().optional(),
    revokedBy: z.string().optional(),
    status: z.enum(REFERRAL_STATUSES).optional().meta({
      description:
        'A service referral only: pending until the partner answers (unanswered, it ends with `until`), then accepted or rejected',
    }),
    respondedAt: z.iso.datetime().optional(),
    respondedBy: z.string().optional().meta({ description: 'The partner user who answered' }),
    rejectionReason: z.enum(REFERRAL_REJECTION_REASONS).optional(),
    rejectionNoteId: z.uuid().optional().meta({ description: 'The case note holding the partner’s own words about the rejection' }),
    active: z.boolean().meta({ description: 'Not revoked, not rejected and not past its end, on the system clock' }),
  })
  .meta({ id: 'CaseShare' });

/** POST /cases/{caseId}/shares/{shareId}/reject: why, as a code; the partner's own words, optional, kept apart (a case note). */
export const referralRejectionSchema = z
  .strictObject({
    reasonCode: z.enum(REFERRAL_REJECTION_REASONS),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .meta({ description: 'In the partner’s own words: kept as a case note (sealed), never in the history' }),
  })
  .meta({ id: 'ReferralRejection' });

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/);

/** POST /cases/{caseId}/shares: with whom, what, until when, why; an override reason only without consent. */
export const shareRequestSchema = z
  .strictObject({
    partnerId: slug.meta({ description: 'The partner association (its id in the staff directory)' }),
    scope: z
      .union([z.literal('case'), z.strictObject({ service: slug })])
      .default('case')
      .meta({
        description:
          'The whole case, or one service of it: a service referral, pending until the partner accepts (it then sees the case and works on that service’s tasks) or rejects it',
      }),
    purpose: z.enum(SHARE_PURPOSES),
    until: z.iso.datetime({ offset: true }).meta({ description: 'When the sharing ends' }),
    overrideReason: z
      .enum(SHARE_OVERRIDE_REASONS)
      .optional()
      .meta({ description: 'The legal ground for sharing without the person’s consent to share with this partner (recorded)' }),
  })
  .meta({ id: 'ShareRequest' });

/** POST /cases/{caseId}/consents: a consent revoked, or given later (in person). */
export const consentChangeSchema = z
  .strictObject({
    action: z.enum(['grant', 'revoke']),
    purpose: z.enum(CONSENT_PURPOSES),
    partnerId: slug.optional().meta({ description: 'The partner, for the sharing purpose (required then, refused otherwise)' }),
    basis: z.enum(GROUNDS_WITHOUT_CONSENT).optional().meta({
      description:
        'Revoking processing only, and required then: the law 09-08 art. 4 ground processing goes on on, recorded. To stop processing, the person withdraws (POST /cases/{caseId}/withdrawal)',
    }),
  })
  .refine((c) => (c.purpose === 'sharing') === (c.partnerId !== undefined), { path: ['partnerId'], params: { code: 'details_required' } })
  .refine((c) => (c.purpose === 'processing' && c.action === 'revoke') === (c.basis !== undefined), {
    path: ['basis'],
    params: { code: 'details_required' },
  })
  .meta({ id: 'ConsentChange' });

export const consentRecordSchema = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    partnerId: z.string().optional().meta({ description: 'The partner, for sharing' }),
    basis: z.enum(LEGAL_BASES).meta({ description: 'Consent, or the law 09-08 art. 4 ground the purpose rests on' }),
    given: z.boolean().meta({ description: 'Whether the person consents' }),
    source: z.enum(['intake', 'staff']),
    at: z.iso.datetime().meta({ description: 'When the record last changed' }),
    givenAt: z.iso.datetime().optional(),
    givenBy: z.string().optional().meta({ description: 'The user id who recorded it (absent for a public form)' }),
    revokedAt: z.iso.datetime().optional(),
    revokedBy: z.string().optional(),
    justificationNoteId: z.uuid().optional().meta({ description: 'The case note justifying a basis other than consent' }),
  })
  .meta({ id: 'ConsentRecord' });

export const noticeRecordSchema = z
  .object({
    formId: z.string(),
    formVersion: z.number().int(),
    noticeVersion: z.string().meta({ description: 'The `version` of the notice GET /forms/{formId} showed' }),
    language: z.enum(['fr', 'ar', 'en']),
    languageSource: z.enum(['notice-language-header', 'accept-language']),
    cndpReference: z.string(),
  })
  .meta({ id: 'NoticeRecord', description: 'The notice the person was shown at intake' });

export const sharePathSchema = z.object({ caseId: z.string().regex(caseIdPattern), shareId: z.string().regex(caseIdPattern) });

export const caseLinkSchema = z
  .object({
    caseId: z.uuid(),
    programme: z.enum(PROGRAMMES),
    relation: z.enum(['referred-to', 'referred-from']),
  })
  .meta({ id: 'CaseLink' });

/** POST /cases/{caseId}/referrals: the programme to refer the case to; a legal ground only without consent. */
export const referralRequestSchema = z
  .strictObject({
    programme: z.enum(PROGRAMMES).meta({ description: 'The programme the case is referred to (today: avrr, from protection)' }),
    overrideReason: z.enum(REFERRAL_OVERRIDE_REASONS).optional().meta({
      description: 'The legal ground for referring without the person’s consent to processing for the new purpose (recorded)',
    }),
  })
  .meta({ id: 'ReferralRequest' });

export const referralReceiptSchema = z
  .object({
    caseId: z.uuid().meta({ description: 'The new case, of the target programme' }),
    reference: z.string(),
    programme: z.enum(PROGRAMMES),
    caseType: z.string(),
    referredFrom: z.uuid(),
  })
  .meta({ id: 'ReferralReceipt' });

/** POST /cases/{caseId}/reopening: the new need (a service type code). */
export const reopeningRequestSchema = z
  .strictObject({ need: z.enum(REOPENING_NEEDS).meta({ description: 'The new need the case reopens for (a service type)' }) })
  .meta({ id: 'ReopeningRequest' });

export const reopeningReceiptSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    status: z.literal('open'),
    stage: z.literal('reopened'),
    reopenCount: z.number().int(),
  })
  .meta({ id: 'ReopeningReceipt' });

/** A suggested match of a case's person with a person of another case (domain/identity/matches.ts): ids and codes only. */
export const personMatchSchema = z
  .object({
    matchId: z.uuid(),
    caseId: z.uuid(),
    personId: z.uuid(),
    candidate: z.object({ caseId: z.uuid(), personId: z.uuid(), subjectId: z.uuid(), programme: programmeSchema }),
    criteria: z.array(z.enum(MATCH_CRITERIA)).meta({
      description:
        'name-dob: same names and date of birth; document: same identity document number; name-birth-year: same names, same year of birth',
    }),
    status: z.enum(MATCH_STATUSES),
    suggestedAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().optional(),
    decidedBy: z.string().optional(),
    linkedSubjectId: z.uuid().optional(),
    undoneAt: z.iso.datetime().optional(),
    undoneBy: z.string().optional(),
  })
  .meta({ id: 'PersonMatch' });

export const otherCaseSchema = z
  .object({ caseId: z.uuid(), personId: z.uuid(), reference: z.string(), programme: programmeSchema, status: z.enum(['open', 'closed']) })
  .meta({ id: 'OtherCaseOfPerson' });

export const matchPathSchema = z.object({ caseId: z.string().regex(caseIdPattern), personId: z.uuid(), matchId: z.uuid() });

export const matchDecisionSchema = z
  .object({
    decision: z.enum(MATCH_DECISIONS).meta({
      description:
        'confirm: the person is the candidate (same subject); dismiss: not the same person; undo (supervisors): a confirmed link was a mistake',
    }),
  })
  .strict()
  .meta({ id: 'MatchDecision' });

export const caseSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    programme: z.string(),
    programmeTitle: z.string().optional().meta({ description: 'The programme’s title in the caller’s language (GET /cases/{caseId})' }),
    caseType: z.string(),
    formId: z.string(),
    formVersion: z.number().int(),
    stage: z.string(),
    status: z.enum(['open', 'closed']),
    facts: z.record(z.string(), z.unknown()),
    partnerId: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
    persons: z
      .array(
        z.object({
          personId: z.uuid(),
          role: z.string(),
          data: z.record(z.string(), z.unknown()),
          subjectId: z
            .uuid()
            .optional()
            .meta({ description: 'The identity shared with person records of other cases (mission staff only)' }),
          matches: z
            .array(personMatchSchema)
            .optional()
            .meta({ description: 'Suggested matches with persons of other cases, to confirm or dismiss (mission staff only)' }),
          otherCases: z
            .array(otherCaseSchema)
            .optional()
            .meta({ description: 'The other cases of the same person (confirmed links; mission staff only)' }),
        }),
      )
      .meta({ description: 'Empty for a partner the case is shared with for one service only' }),
    workflow: z
      .object({
        phase: z
          .string()
          .meta({ description: 'The phase the case is in now (e.g. return, travel, reintegration, check-in); `closed` once it is' }),
        executionName: z.string().meta({ description: 'The execution running that phase (once closed: the one it closed in)' }),
        lastPhase: z.string().optional().meta({ description: 'Once closed: the phase it closed in' }),
        title: z.string().meta({ description: 'The phase’s label in the caller’s language' }),
        phases: z.array(z.object({ phase: z.string(), title: z.string() })).meta({
          description: 'The programme’s phases in their order, each with its label in the caller’s language (the console’s diagram)',
        }),
      })
      .optional(),
    attention: z
      .array(z.object({ flagId: z.string(), state: z.string(), error: z.string(), at: z.iso.datetime() }))
      .optional()
      .meta({
        description:
          'Set while the case needs attention: each task of its workflow that failed after its retries (the state and the error name), until a supervisor retries or closes it (step attention-resolve); several at once when tasks of a Map or a Parallel failed together',
      }),
    attentionRetries: z.int().optional().meta({ description: 'How many times a supervisor sent its workflow back to a failed state' }),
    closureReason: z.string().optional(),
    closedAt: z.iso.datetime().optional(),
    departedAt: z.iso.datetime().optional().meta({ description: 'When the departure was recorded (AVRR)' }),
    departedOn: z.iso.date().optional().meta({ description: 'The day the person left (AVRR), as the caseworker entered it' }),
    arrivedOn: z.iso
      .date()
      .optional()
      .meta({ description: 'The day the person arrived (AVRR), as the caseworker entered it; the check-ins are counted from it' }),
    checkIns: z
      .record(z.string(), z.object({ outcome: z.string(), at: z.iso.datetime(), score: z.record(z.string(), z.unknown()).optional() }))
      .optional()
      .meta({ description: 'Reintegration check-ins by name (e.g. checkin-3)' }),
    latestSustainabilityScore: sustainabilityScoreSchema.optional(),
    services: z
      .array(
        z.object({
          serviceId: z.uuid(),
          type: z.string(),
          urgency: z.string(),
          dueAt: z.iso.datetime(),
          status: z.enum(['planned', 'delivered', 'not-delivered']),
          deliveredAt: z.iso.datetime().optional(),
          deliveredBy: z.enum(['staff', 'partner']).optional(),
          notDeliveredReason: z.string().optional(),
        }),
      )
      .optional()
      .meta({ description: 'Protection: the services of its approved assistance plans and what became of them (codes and dates)' }),
    consents: z.array(consentRecordSchema).meta({
      description:
        'Consent or legal basis by purpose, as it stands. A partner sees those of processing and follow-up contact and its own sharing record only',
    }),
    notice: noticeRecordSchema.optional().meta({ description: 'The notice shown at intake (mission staff only)' }),
    links: z
      .array(caseLinkSchema)
      .optional()
      .meta({ description: 'The cases of other programmes this one was referred to or from (a partner sees only those it may see)' }),
    reopenCount: z.number().int().optional().meta({ description: 'How many times the closed case was reopened' }),
    tasks: z.array(caseTaskLinkSchema).meta({ description: 'The human steps of the case, open and past' }),
    shares: z.array(shareSchema).optional().meta({ description: 'Its sharings with partner associations (mission staff only)' }),
    referrals: z
      .array(z.object({ shareId: z.uuid(), service: z.string(), status: z.enum(['pending', 'accepted']), until: z.iso.datetime() }))
      .optional()
      .meta({
        description: 'A partner association: the service referrals made to it that stand (pending: to accept or reject; accepted)',
      }),
  })
  .meta({ id: 'Case' });

const staffRole = z.enum(STAFF_ROLES);

export const taskQueueEntrySchema = z
  .object({
    taskId: z.uuid(),
    caseId: z.uuid(),
    reference: z.string(),
    programme: z.string(),
    step: z.string(),
    title: z.string().meta({ description: 'The step, in the negotiated language' }),
    dueAt: z.iso.datetime(),
    overdue: z.boolean(),
    roles: z.array(staffRole),
    serviceId: z.string().optional().meta({ description: 'The service of the case the step delivers (a service referred to a partner)' }),
    assignee: z.string().optional(),
    escalatedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'TaskQueueEntry' });

/** One page of a queue: its entries in the queue's order, and the cursor of the next page. */
const queuePage = <T extends z.ZodType>(id: string, entry: T, order: string) =>
  z
    .object({
      items: z.array(entry).meta({ description: order }),
      next: z.string().optional().meta({ description: 'Cursor of the next page; absent on the last page' }),
    })
    .meta({ id });

export const taskQueuePageSchema = queuePage('TaskQueuePage', taskQueueEntrySchema, 'Earliest due (so overdue) first');

export const taskSchema = z
  .object({
    taskId: z.uuid(),
    caseId: z.uuid(),
    reference: z.string(),
    programme: z.string(),
    step: z.string(),
    phase: z.string(),
    roles: z.array(staffRole),
    partnerId: z.string().optional(),
    serviceId: z.string().optional().meta({ description: 'The service of the case the step delivers (a service referred to a partner)' }),
    status: z.enum(TASK_STATUSES),
    assignee: z.string().optional(),
    context: z
      .record(z.string(), z.unknown())
      .meta({ description: 'Non-personal facts the decision is checked against (e.g. budget ceiling)' }),
    dueAt: z.iso.datetime(),
    overdue: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    escalatedAt: z.iso.datetime().optional(),
    completedAt: z.iso.datetime().optional(),
    completedBy: z.string().optional(),
    completedByKind: z
      .enum(['staff', 'partner'])
      .optional()
      .meta({ description: "Who completed it: a partner association's user, or mission staff" }),
    decision: z.record(z.string(), z.unknown()).optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Task' });

/** Another task of the same case, as a decider reads it beside their own. */
const relatedTaskSchema = z.object({
  taskId: z.uuid(),
  step: z.string(),
  title: z.string().meta({ description: 'Its step, in the negotiated language' }),
  status: z.enum(TASK_STATUSES),
  completedAt: z.iso.datetime().optional(),
  completedBy: z.string().optional().meta({ description: 'Who completed it (the user id, as task views show it)' }),
  decision: z.record(z.string(), z.unknown()).optional(),
});

export const taskDocumentSchema = z
  .object({
    task: taskSchema,
    title: z.string().meta({ description: 'The step, in the negotiated language' }),
    decision: z.record(z.string(), z.unknown()).meta({
      description:
        'JSON Schema (2020-12) of the decision to post to /complete, in the negotiated language: a `title` on every field (and a `description` where it needs one), every option of a closed list a `oneOf` branch `{const, title}`, every branch of a union titled with its outcome; one example per outcome under `examples`',
    }),
    mayComplete: z.boolean().meta({ description: 'Whether the caller may complete it now (status, role, partner, four eyes)' }),
    mayReassign: z
      .boolean()
      .meta({ description: 'Whether the caller may hand it to another member of the team (an open task; supervisors, administrators)' }),
    notAllowedBecause: z.enum(['status', 'role', 'partner', 'four-eyes']).optional(),
    relatedTask: relatedTaskSchema
      .extend({
        context: z.record(z.string(), z.unknown()).meta({
          description: 'Its non-personal context, e.g. the budget ceiling (`budgetCeilingEUR`) a reintegration plan was drawn up within',
        }),
      })
      .optional()
      .meta({
        description:
          'The task this one decides on, in full, when the caller may see it: the one its step names (the capacity plan an approval approves), else for a four-eyes approval the latest completed task of the step it approves (the reintegration plan, the screening)',
      }),
    previousDecisions: z.array(relatedTaskSchema).optional().meta({
      description:
        'The decisions taken before on the same question, newest first (at most 10): earlier rounds of this step and of the step it approves (a plan sent back, then proposed again). Four-eyes approvals only',
    }),
  })
  .meta({ id: 'TaskDocument' });

/**
 * The decision itself is checked by the step's schema (422 with pointers into the body); here only
 * that there is one.
 */
export const completeTaskBodySchema = z
  .object({
    decision: z.unknown().meta({
      description: "The step's decision, valid against the task's decisionSchema",
      override: { type: 'object', additionalProperties: {} },
    }),
  })
  .meta({ id: 'CompleteTaskBody' });

/** GET /tasks/{taskId}/candidates: who a supervisor may hand the task to (staff ids, names and roles only). */
export const taskCandidatesSchema = z.object({
  taskId: z.string(),
  step: z.string(),
  roles: z.array(z.string()).meta({ description: 'The roles that may do the step' }),
  candidates: z.array(
    z.object({
      sub: z.string().meta({ description: 'The member’s user id: the `assignee` of POST /tasks/{taskId}/reassign' }),
      name: z.string().optional().meta({ description: 'The name the member goes by, when the directory has one' }),
      roles: z.array(z.string()).meta({ description: 'Which of the step’s roles the member holds' }),
      partnerId: z.string().optional().meta({ description: 'A partner user’s association' }),
      assigned: z.literal(true).optional().meta({ description: 'The task is theirs now' }),
    }),
  ),
});

export const reassignTaskBodySchema = z
  .strictObject({
    assignee: z
      .string()
      .regex(/^[A-Za-z0-9@._:+-]{1,128}$/)
      .meta({ description: 'The user id (sub) of the new assignee' }),
    version: z.int().min(1).optional().meta({
      description:
        'The task’s version as the supervisor saw it (GET /tasks/{taskId}): when it changed since (another reassignment, a claim), 409. Optional: without it, only a reassignment racing another one at the same moment is refused (409); two that do not overlap are both answered 200 and the last one stands',
    }),
  })
  .meta({ id: 'ReassignTaskBody' });

export const withdrawalBodySchema = z
  .strictObject({
    reasonCode: z
      .enum(WITHDRAWAL_REASONS)
      .meta({ description: 'Why the applicant withdraws, from a closed list (recorded in the case history)' }),
    reason: z.string().trim().min(3).max(1000).optional().meta({
      description:
        "The reason in the applicant's words, if useful: personal, so kept on a note of the case (erased with its persons' data), never in its history",
    }),
  })
  .meta({ id: 'WithdrawalBody' });

export const withdrawalReceiptSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    status: z.literal('closed'),
    stage: z.literal('closed'),
    closureReason: z.literal('withdrawn'),
  })
  .meta({ id: 'WithdrawalReceipt' });

export const caseSummarySchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    programme: z.string(),
    caseType: z.string(),
    stage: z.string(),
    status: z.enum(['open', 'closed']),
    partnerId: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    referrals: z
      .array(z.object({ shareId: z.uuid(), service: z.string(), status: z.enum(['pending', 'accepted']), until: z.iso.datetime() }))
      .optional()
      .meta({ description: 'In a partner association’s list: the service referrals made to it that stand' }),
  })
  .meta({ id: 'CaseSummary' });

export const caseQueuePageSchema = queuePage('CaseQueuePage', caseSummarySchema, 'Oldest update first');

// ---- Partner associations ----

/** An association's id in a path: anything else names none (404 without a read). */
export const associationPathSchema = z.object({ associationId: z.string().regex(associationIdPattern) });
export const associationFormPathSchema = associationPathSchema.extend({ formId: z.string() });
export const associationListQuerySchema = z.strictObject({ ...pagingQuerySchema });

/** POST /associations (labels and every field error localized, as a form's). */
export const associationRequestSchema = associationCreateSchema.meta({ id: 'AssociationRequest', examples: [exampleAssociation] });
const { associationId: _exampleId, ...exampleDetails } = exampleAssociation;
/** PUT /associations/{associationId}: the whole record as it should be, with the version read. */
export const associationChangeSchema = associationUpdateSchema.meta({
  id: 'AssociationChange',
  examples: [{ ...exampleDetails, status: 'inactive', version: 1 }],
});

export const associationSchema = z
  .object({
    associationId: z.string(),
    name: z.string(),
    city: z.string(),
    registrationNumber: z.string(),
    contactPeople: z.array(
      z.object({
        givenNames: z.string(),
        familyName: z.string(),
        position: z.string(),
        phone: z.string().optional(),
        email: z.string().optional(),
      }),
    ),
    status: z.enum(ASSOCIATION_STATUSES),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
    version: z.number().int().meta({ description: 'Send it back with a change (optimistic concurrency)' }),
  })
  .meta({ id: 'Association' });

export const associationPageSchema = queuePage('AssociationPage', associationSchema, 'By id');

export const associationCaseSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    programme: z.string(),
    caseType: z.string(),
    stage: z.string(),
    status: z.enum(['open', 'closed']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AssociationCase' });

export const associationCasePageSchema = queuePage('AssociationCasePage', associationCaseSchema, 'Oldest first');

export const caseEventSchema = z
  .object({
    eventId: z.string(),
    at: z.iso.datetime(),
    type: z.string().meta({ examples: ['case.submitted', 'task.opened', 'task.completed', 'case.closed'] }),
    actor: z.union([z.object({ kind: z.literal('public') }), z.object({ kind: z.enum(['staff', 'partner', 'system']), id: z.string() })]),
    details: z.record(z.string(), z.unknown()),
    summary: z.string().meta({
      description:
        "The event in one line in the negotiated language: when (Morocco's time), who (staff and partner users by id), what (a step by its title, an outcome by its label); built from the event's own ids and codes, nothing personal",
      examples: ['3 déc. 2026, 10:15 — amina a terminé l’étape « Examen d’éligibilité et conseil » : Éligible'],
    }),
  })
  .meta({ id: 'CaseEvent' });

export const caseHistorySchema = z.object({ caseId: z.uuid(), events: z.array(caseEventSchema) }).meta({ id: 'CaseHistory' });

export type TaskView = z.infer<typeof taskSchema>;
export type WithdrawalReceipt = z.infer<typeof withdrawalReceiptSchema>;

/** A task as the API shows it: never its token (kept on another item), nor who is excluded from it. */
export function toTaskView(task: TaskRecord, now: Date): TaskView {
  // Who else's queue lists it is bookkeeping, and names other associations: never shown.
  const { forbiddenActors: _excluded, sharedWith: _queues, claimedFor: _claimedFor, ...shown } = task;
  return { ...shown, overdue: isOverdue(task, now) };
}

export function isOverdue(task: Pick<TaskRecord, 'dueAt'> & { status?: TaskRecord['status'] }, now: Date): boolean {
  return (task.status === undefined || task.status === 'open') && Date.parse(task.dueAt) < now.getTime();
}

// ---- The access log (data-protection officer) ----

/** GET /cases/{caseId}/access-log: every read of one case, oldest first. */
export const caseAccessLogQuerySchema = z.strictObject({ ...pagingQuerySchema });

/** GET /access-log?reader=&from=&to=: every read by one person between two instants. */
export const readerAccessLogQuerySchema = z
  .strictObject({
    reader: z
      .string()
      .regex(/^[A-Za-z0-9._:@-]{1,128}$/)
      .meta({ description: 'The reader’s id in the staff directory (sub)' }),
    from: z.iso.datetime({ offset: true }).meta({ description: 'Start of the window (ISO 8601, inclusive)' }),
    to: z.iso.datetime({ offset: true }).meta({ description: 'End of the window (ISO 8601, inclusive)' }),
    ...pagingQuerySchema,
  })
  .refine((query) => Date.parse(query.from) <= Date.parse(query.to), {
    path: ['to'],
    params: { code: 'invalid_range' },
    message: 'to is before from',
  });

export const accessRecordSchema = z
  .object({
    entryId: z.string(),
    at: z.iso.datetime(),
    by: z.string().meta({ description: 'The reader (sub)' }),
    roles: z.array(z.enum(STAFF_ROLES)),
    partnerId: z.string().optional(),
    what: z.enum(ACCESS_KINDS),
    caseId: z.uuid().optional().meta({ description: 'The case read; absent only on a person search’s own record' }),
    taskId: z.string().optional(),
    search: z
      .object({
        searchId: z.uuid(),
        criterion: z.enum(SEARCH_CRITERIA),
        results: z.int().min(0),
        truncated: z.boolean().optional(),
      })
      .optional()
      .meta({ description: 'A person search (docs/search.md): what it was by and how many it showed, never its terms' }),
    expiresAt: z.number().int().meta({ description: 'Epoch seconds after which the record may be deleted (retention)' }),
  })
  .meta({ id: 'AccessRecord' });

export const accessLogPageSchema = queuePage('AccessLogPage', accessRecordSchema, 'Oldest first');

// ---- Data subjects' requests (docs/data-protection.md) ----

/**
 * Who a request is about: a case (id or reference, optionally the person in it) and/or identifying
 * data. In a body, never a URL: identifying data stay out of access logs.
 */
export const dataSubjectSchema = z
  .object({
    caseId: z.string().regex(caseIdPattern).optional(),
    reference: z
      .string()
      .regex(/^[A-Z]{2,8}-\d{4}-\d{6}$/)
      .optional(),
    personId: z.uuid().optional(),
    givenNames: z.string().trim().min(1).max(100).optional(),
    familyName: z.string().trim().min(1).max(100).optional(),
    dateOfBirth: z.iso.date().optional(),
    documentNumber: z.string().trim().min(4).max(40).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const byCase = s.caseId !== undefined || s.reference !== undefined;
    const byName = s.givenNames !== undefined && s.familyName !== undefined && s.dateOfBirth !== undefined;
    if (!byCase && !byName && s.documentNumber === undefined) {
      ctx.addIssue({ code: 'custom', path: [], params: { code: 'identity_required' } });
    }
  });

export const dataSubjectRequestSchema = z.object({ subject: dataSubjectSchema }).strict();

export const erasureRequestSchema = z
  .object({
    subject: dataSubjectSchema,
    /** Only this case; every case holding the person when absent. */
    caseId: z.string().regex(caseIdPattern).optional(),
    /** Required when a case concerned is still open; recorded in its history. */
    legalGround: z.enum(ERASURE_GROUNDS).optional(),
  })
  .strict();

export const personPathSchema = z.object({ caseId: z.string().regex(caseIdPattern), personId: z.uuid() });

export const correctionRequestSchema = z
  .object({
    changes: z
      .array(
        z
          .object({
            path: z
              .string()
              .regex(/^(\/[A-Za-z0-9_-]{1,64}){1,4}$/)
              .meta({ description: 'JSON Pointer into the person’s data, e.g. /familyName or /contact/phone' }),
            value: z.unknown().meta({ description: 'The new value; null removes an optional field' }),
          })
          .strict(),
      )
      .min(1)
      .max(20),
  })
  .strict();

export const subjectMatchSchema = z.object({
  caseId: z.uuid(),
  reference: z.string(),
  programme: programmeSchema,
  status: z.enum(['open', 'closed']),
  personId: z.uuid(),
  role: z.string(),
  erased: z.boolean(),
});

// ---- Remittances information (docs/remittances.md) ----

/** POST /remittances/sessions (labels and every field error localized; the date may not be after today in Morocco). */
export const remittanceSessionRequestSchema = sessionCreateSchema('9999-12-31').meta({
  id: 'RemittanceSessionRequest',
  examples: [exampleSession],
});

/** POST /remittances/sessions' headers: an optional Idempotency-Key, honoured as a submission's. */
export const remittanceSessionHeadersSchema = z.object({
  'Idempotency-Key': idempotencyKeySchema.optional(),
});

const dayQuery = z.iso.date();
/** GET /remittances/sessions: a period (days in Morocco, inclusive), a city, a page. */
export const remittanceSessionQuerySchema = z
  .strictObject({
    from: dayQuery.optional().meta({ description: 'First day (YYYY-MM-DD, inclusive); default: every session before `to`' }),
    to: dayQuery.optional().meta({ description: 'Last day (YYYY-MM-DD, inclusive); default: today in Morocco' }),
    city: z.enum(MOROCCAN_CITIES).optional(),
    ...pagingQuerySchema,
  })
  .superRefine((query, ctx) => {
    if (query.from !== undefined && query.to !== undefined && query.from > query.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'date_range', params: { code: 'date_range' } });
  });

const ageCountsSchema = z.object(
  Object.fromEntries(AGE_GROUPS.map((band) => [band, z.int()])) as Record<(typeof AGE_GROUPS)[number], z.ZodInt>,
);
const attendanceSchema = z.object({ female: ageCountsSchema, male: ageCountsSchema, other: ageCountsSchema }).meta({ id: 'Attendance' });

export const remittanceSessionSchema = z
  .object({
    sessionId: z.uuid(),
    date: z.iso.date(),
    city: z.enum(MOROCCAN_CITIES),
    venue: z.string(),
    partnerId: z.string().optional(),
    facilitator: z.string().meta({ description: 'A position, never a name' }),
    attendance: attendanceSchema,
    attendees: z.int(),
    topics: z.array(z.enum(SESSION_TOPICS)),
    recordedAt: z.iso.datetime(),
    recordedBy: z.string(),
  })
  .meta({ id: 'RemittanceSession' });

export const remittanceSessionPageSchema = z
  .object({
    items: z.array(remittanceSessionSchema).meta({ description: 'By date, earliest first' }),
    next: z.string().optional().meta({ description: 'Cursor of the next page; absent on the last page' }),
    period: z.object({ from: z.iso.date().optional(), to: z.iso.date(), city: z.enum(MOROCCAN_CITIES).optional() }),
    totals: z
      .object({
        sessions: z.int(),
        attendees: z.int(),
        bySex: z.object({ female: z.int(), male: z.int(), other: z.int() }),
        byAgeGroup: ageCountsSchema,
        bySexAndAgeGroup: attendanceSchema,
      })
      .meta({ description: 'Over every session of the period (and city), not only this page' }),
  })
  .meta({ id: 'RemittanceSessionPage' });

/** GET /remittances/corridor-prices. */
export const corridorPriceQuerySchema = z.strictObject({
  from: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .meta({ description: 'The sending country (ISO 3166-1 alpha-2), e.g. FR', examples: ['FR'] }),
  to: z.literal('MA').default('MA').meta({ description: 'The receiving country: Morocco' }),
  quarter: z
    .string()
    .regex(quarterPattern)
    .optional()
    .meta({ description: 'e.g. 2026Q3; default: the latest imported', examples: ['2026Q3'] }),
});

export const corridorPriceListSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    quarter: z.string().nullable().meta({ description: 'null when the corridor has no prices yet' }),
    sdgTargetPercent: z.literal(SDG_TARGET_PERCENT),
    items: z
      .array(
        z.object({
          provider: z.string(),
          providerType: z.enum(PROVIDER_TYPES),
          instrument: z.enum(INSTRUMENTS),
          amountSent: z.number(),
          currency: z.string(),
          fee: z.number(),
          fxMarginPercent: z.number(),
          totalCostPercent: z.number(),
          meetsSdgTarget: z.boolean().meta({ description: `Total cost below the SDG 10.c target (${SDG_TARGET_PERCENT} %)` }),
        }),
      )
      .meta({ description: 'Cheapest first (total cost in %)' }),
  })
  .meta({ id: 'CorridorPriceList' });

export const corridorPriceImportSchema = z
  .object({
    imported: z.int(),
    corridors: z.array(z.object({ from: z.string(), to: z.string(), quarter: z.string(), prices: z.int() })),
  })
  .meta({ id: 'CorridorPriceImport' });

/** The CSV body of POST /remittances/corridor-prices, as the OpenAPI document describes it. */
export const corridorPriceCsvDescription = `CSV (UTF-8, optional BOM; "," or ";" as the header line uses) with a header naming the columns ${CSV_COLUMNS.join(', ')}`;
// ---- Host institutions' needs (domain/migration-development/) ----

/** GET /needs: the validated needs at a status (only `open-for-matching` today), of one sector or all. */
export const needListQuerySchema = z.strictObject({
  engagement: z.enum(ENGAGEMENTS).optional().meta({ description: 'Only expert missions or only job offers' }),
  status: z.enum([OPEN_FOR_MATCHING]).default(OPEN_FOR_MATCHING).meta({ description: 'Only `open-for-matching` today' }),
  sector: z.enum(SECTORS).optional(),
  ...pagingQuerySchema,
});

export const needListingSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    status: z.enum([OPEN_FOR_MATCHING]),
    validatedAt: z.iso.datetime(),
    validatedOn: z.iso.date(),
    sector: z.enum(SECTORS),
    skillKeys: z.array(z.string()).meta({ description: 'Normalised search keys (lower case, no accents, single spaces)' }),
    languages: z.array(z.string()),
    mode: z.enum(MISSION_MODES),
    engagement: z.enum(ENGAGEMENTS).optional().meta({ description: 'Absent on needs validated before job offers: an expert mission' }),
    durationWeeks: z.number().int().optional().meta({ description: "An expert mission's weeks" }),
    contractKind: z.enum(CONTRACT_KINDS).optional().meta({ description: 'A job offer' }),
    contractMonths: z.number().int().optional().meta({ description: 'A fixed-term job offer' }),
    window: z.object({ from: z.iso.date(), to: z.iso.date() }),
    missionCity: z.string().optional(),
    institutionKind: z.string().optional(),
  })
  .meta({ id: 'NeedListing' });

export const needPageSchema = queuePage('NeedPage', needListingSchema, 'Oldest validation first');
// ---- Diaspora experts' register ----

export const expertPathSchema = z.object({ caseId: z.string().regex(caseIdPattern) });

/** GET /experts/{caseId}/assignments: one per need the expert was confirmed for (matching). */
export const expertAssignmentsSchema = z
  .object({
    items: z.array(
      z
        .object({
          expertCaseId: z.uuid(),
          needCaseId: z.uuid(),
          needReference: z.string(),
          status: z.enum(['confirmed', 'in-progress', 'completed', 'ended-early']),
          mode: z.enum(MISSION_MODES),
          window: z.object({ from: z.iso.date(), to: z.iso.date() }),
          durationWeeks: z.number().int(),
          sector: z.enum(SECTORS),
          confirmedAt: z.iso.datetime(),
          startedOn: z.iso.date().optional().meta({ description: 'The day the expert started (the workflow records it)' }),
          endedOn: z.iso.date().optional().meta({ description: 'The day it ended, completed or early' }),
          updatedAt: z.iso.datetime(),
        })
        .meta({ id: 'ExpertAssignment' }),
    ),
  })
  .meta({ id: 'ExpertAssignments' });

const availabilityWindowDoc = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  mode: z.enum(['remote', 'on-site', 'hybrid']),
});

export const registerEntrySchema = z
  .object({
    expertId: z.uuid().meta({ description: 'The expert’s case id' }),
    sectors: z.array(z.string()),
    skills: z.array(z.string()).meta({ description: 'Normalised skill keys' }),
    languages: z.array(z.string()),
    country: z.string().meta({ description: 'Country of residence, ISO 3166 alpha-2' }),
    windows: z.array(availabilityWindowDoc),
    consentToContact: z.boolean(),
    status: z.enum(['listed', 'withdrawn']),
    listedAt: z.string(),
    updatedAt: z.string(),
    version: z.int(),
  })
  .meta({ id: 'RegisterEntry' });

export const availabilityRequestSchema = z
  .object({ windows: z.array(availabilityWindowDoc).max(12), version: z.int().min(1) })
  .meta({ id: 'AvailabilityRequest', examples: [{ windows: [{ from: '2026-07-01', to: '2026-09-30', mode: 'remote' }], version: 1 }] });

export const expertWithdrawalRequestSchema = z
  .object({ reasonCode: z.enum(['expert-request', 'no-longer-available', 'unreachable', 'other']) })
  .meta({ id: 'ExpertWithdrawalRequest' });

export const registerQueryDocSchema = z.object({
  sector: z.string().optional(),
  skill: z.string().optional().meta({ description: 'A skill (normalised as the register does); repeat or separate with commas' }),
  language: z.string().optional().meta({ description: 'A language code; repeat or separate with commas' }),
  country: z.string().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  mode: z.enum(['remote', 'on-site', 'hybrid']).optional(),
  ...pagingQuerySchema,
});

export const rankedExpertSchema = registerEntrySchema
  .pick({ expertId: true, sectors: true, skills: true, languages: true, country: true, windows: true, consentToContact: true })
  .extend({
    score: z.int(),
    reasons: z.array(
      z.object({
        criterion: z.enum(['skill', 'language', 'country', 'sector', 'availability', 'mode']),
        value: z.string(),
        days: z.int().optional(),
      }),
    ),
  })
  .meta({ id: 'RankedExpert' });

export const registerPageSchema = queuePage('RegisterPage', rankedExpertSchema, 'Best fit first');

// ---- Finding a case or a person (docs/search.md) ----

export const referencePathSchema = z.object({
  reference: z
    .string()
    .min(1)
    .max(60)
    .meta({ description: 'A case reference as read over the phone: case, spaces and dashes do not matter (`avrr 2026 123`)' }),
});

export const caseByReferenceSchema = z
  .object({
    caseId: z.uuid().meta({ description: 'Read the case itself with GET /cases/{caseId}' }),
    reference: z.string().meta({ description: 'The reference written out, e.g. AVRR-2026-000123' }),
    programme: programmeSchema,
    caseType: z.string(),
    stage: z.string(),
    status: z.enum(['open', 'closed']),
  })
  .meta({ id: 'CaseByReference' });

const searchText = (max: number, description: string) => z.string().trim().min(1).max(max).meta({ description });

/** Exactly one criterion: a name, a phone number or a document number. Sent in a body, never in a URL (logs). */
export const personSearchRequestSchema = z
  .strictObject({
    name: searchText(200, 'Any part of the names, in any order, in Latin or Arabic script').optional(),
    phone: searchText(40, 'A phone number in any usual format (+212 6…, 06…, 00212…)').optional(),
    documentNumber: searchText(60, 'An identity document number (spaces and dashes do not matter)').optional(),
  })
  .superRefine((body, ctx) => {
    const given = [body.name, body.phone, body.documentNumber].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: [], params: { code: 'one_search_criterion' }, message: 'one criterion' });
  })
  .meta({ id: 'PersonSearchRequest' });

export const personSearchResultSchema = z
  .object({
    caseId: z.uuid(),
    reference: z.string(),
    programme: programmeSchema,
    caseType: z.string(),
    stage: z.string(),
    status: z.enum(['open', 'closed']),
    personId: z.uuid(),
    role: z.string(),
    givenNames: z.string().optional(),
    familyName: z.string().optional(),
    nameInArabicScript: z.string().optional(),
    dateOfBirth: z.string().optional(),
  })
  .meta({ id: 'PersonSearchResult' });

export const personSearchResponseSchema = z
  .object({
    criterion: z.enum(SEARCH_CRITERIA),
    results: z.array(personSearchResultSchema).meta({ description: 'By case reference; at most 50' }),
    truncated: z.boolean().meta({ description: 'More were found than are shown: narrow the search (a fuller name, a phone)' }),
  })
  .meta({ id: 'PersonSearchResponse' });

// --- indicators (docs/indicators.md) ---------------------------------------------------------

/** The longest period GET /indicators answers (about five years): the read stays a few Queries. */
export const MAX_INDICATOR_PERIOD_DAYS = 1830;

/** GET /indicators: a programme, a period of days in Morocco (inclusive), the disaggregations asked. */
export const indicatorQuerySchema = z
  .strictObject({
    programme: z.enum(PROGRAMMES),
    from: z.iso.date().meta({ description: 'First day of the period (YYYY-MM-DD, a day in Morocco, inclusive)' }),
    to: z.iso.date().meta({ description: 'Last day of the period (inclusive)' }),
    by: z
      .string()
      .optional()
      .meta({ description: `Disaggregations, comma-separated, among: ${DIMENSIONS.join(', ')}`, example: 'sex,ageGroup' })
      .transform((value, ctx) => {
        const asked = (value ?? '')
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '');
        for (const dimension of asked)
          if (!(DIMENSIONS as readonly string[]).includes(dimension))
            ctx.addIssue({ code: 'custom', message: 'unknown_dimension', params: { code: 'unknown_dimension', value: dimension } });
        return [...new Set(asked)] as Dimension[];
      }),
    indicator: z.string().max(100).optional().meta({ description: 'One indicator of the programme (default: all of them)' }),
    format: z.enum(['json', 'csv']).optional().meta({ description: 'csv: the same as `Accept: text/csv`' }),
    audience: z.enum(['internal', 'external']).optional().meta({
      description: 'external: small cells suppressed, as for anyone outside the mission (supervisors and administrators only choose)',
    }),
  })
  .superRefine((query, ctx) => {
    if (query.from > query.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'date_range', params: { code: 'date_range' } });
    else if ((Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 >= MAX_INDICATOR_PERIOD_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'period_too_long',
        params: { code: 'period_too_long', max: MAX_INDICATOR_PERIOD_DAYS },
      });
  });

const figureRowSchema = z.object({
  dims: z.record(z.string(), z.string()).meta({ description: 'The value of each disaggregation asked (codes)' }),
  value: z.number().nullable().meta({ description: 'count: the sum; median/distribution: how many values; null when suppressed' }),
  median: z.number().nullable().optional(),
  distribution: z.array(z.object({ value: z.number(), count: z.number().nullable() })).optional(),
  suppressed: z.literal(true).optional(),
});

export const indicatorsResponseSchema = z
  .object({
    programme: z.enum(PROGRAMMES),
    period: z.object({ from: z.iso.date(), to: z.iso.date() }),
    by: z.array(z.enum(DIMENSIONS)),
    audience: z.enum(['internal', 'external']),
    threshold: z.int().meta({ description: 'Cells from 1 to threshold − 1 are suppressed for an external audience' }),
    indicators: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        unit: z.enum(['people', 'cases', 'services', 'events']),
        aggregation: z.enum(['count', 'median', 'distribution']),
        periodDate: z.string(),
        valueUnit: z.string().optional(),
        notDisaggregatedBy: z.array(z.enum(DIMENSIONS)).optional(),
        rows: z.array(figureRowSchema),
      }),
    ),
  })
  .meta({ id: 'Indicators' });

/** GET /indicators/ctdc-export: the years of registration (inclusive). */
export const ctdcExportQuerySchema = z
  .strictObject({
    fromYear: z.coerce.number().int().min(2000).max(2100),
    toYear: z.coerce.number().int().min(2000).max(2100),
  })
  .superRefine((query, ctx) => {
    if (query.fromYear > query.toYear)
      ctx.addIssue({ code: 'custom', path: ['toYear'], message: 'date_range', params: { code: 'date_range' } });
    else if (query.toYear - query.fromYear > 20)
      ctx.addIssue({ code: 'custom', path: ['toYear'], message: 'period_too_long', params: { code: 'period_too_long', max: 7305 } });
  });
