// The OpenAPI 3.1 document, generated from the route list and the zod schemas the handlers validate
// with (never by hand): a parameter's pattern or enum is written once, in api-schemas.ts.
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import * as z from 'zod';
import { listForms, getForm, toJsonSchema } from '../../domain/forms/index.ts';
import { routes, type RouteDefinition } from '../routes.ts';
import {
  corridorPriceCsvDescription,
  corridorPriceImportSchema,
  corridorPriceListSchema,
  corridorPriceQuerySchema,
  remittanceSessionPageSchema,
  remittanceSessionQuerySchema,
  indicatorQuerySchema,
  indicatorsResponseSchema,
  ctdcExportQuerySchema,
  remittanceSessionHeadersSchema,
  remittanceSessionRequestSchema,
  remittanceSessionSchema,
  accessLogPageSchema,
  caseAccessLogQuerySchema,
  readerAccessLogQuerySchema,
  caseHistorySchema,
  casePathSchema,
  caseByReferenceSchema,
  personSearchRequestSchema,
  personSearchResponseSchema,
  referencePathSchema,
  shareRequestSchema,
  consentChangeSchema,
  consentRecordSchema,
  shareSchema,
  sharePathSchema,
  referralRejectionSchema,
  caseQueuePageSchema,
  caseQueueQuerySchema,
  caseSchema,
  completeTaskBodySchema,
  formDocumentSchema,
  formListSchema,
  formPathSchema,
  formVersionQuerySchema,
  languageHeaderSchema,
  problemSchema,
  reassignTaskBodySchema,
  taskCandidatesSchema,
  submissionHeadersSchema,
  submissionReceiptSchema,
  taskDocumentSchema,
  taskPathSchema,
  taskQueuePageSchema,
  taskQueueQuerySchema,
  taskSchema,
  withdrawalBodySchema,
  withdrawalReceiptSchema,
  referralRequestSchema,
  referralReceiptSchema,
  reopeningRequestSchema,
  reopeningReceiptSchema,
  dataSubjectRequestSchema,
  erasureRequestSchema,
  correctionRequestSchema,
  personPathSchema,
  subjectMatchSchema,
  matchPathSchema,
  matchDecisionSchema,
  personMatchSchema,
  associationCasePageSchema,
  associationChangeSchema,
  associationFormPathSchema,
  associationListQuerySchema,
  associationPageSchema,
  needListQuerySchema,
  needPageSchema,
  availabilityRequestSchema,
  expertPathSchema,
  expertAssignmentsSchema,
  expertWithdrawalRequestSchema,
  registerEntrySchema,
  registerPageSchema,
  registerQueryDocSchema,
  associationPathSchema,
  associationRequestSchema,
  associationSchema,
} from '../commons/api-schemas.ts';

type JsonObject = Record<string, unknown>;
/** An operation as this module describes it; summary, operationId and security come from the route. */
type Operation = Pick<ZodOpenApiOperationObject, 'requestBody' | 'responses'> & {
  requestParams?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
};

const problem = (description: string): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

const ok = (schema: z.ZodType, description = 'OK'): ZodOpenApiResponseObject => ({
  description,
  content: { 'application/json': { schema } },
});

const body = (schema: z.ZodType): ZodOpenApiOperationObject['requestBody'] => ({
  required: true,
  content: { 'application/json': { schema } },
});

/**
 * The JWT authorizer's refusal, answered by API Gateway before any function (docs/web-client-api.md):
 * an expired token is told apart by its challenge, the same in AWS and locally.
 */
const unauthorized: ZodOpenApiResponseObject = {
  description:
    'No valid token. API Gateway answers `{"message":"Unauthorized"}` (application/json). An expired token: the `WWW-Authenticate` challenge ends `error="invalid_token" error_description="the token has expired"`: sign in again; locally the body is then also the `tokenExpired` problem (urn:casework:problem:tokenExpired, localized, with `code` and `message`)',
  headers: z.object({
    'WWW-Authenticate': z.string().meta({
      description: 'The Bearer challenge, e.g. `Bearer scope="" error="invalid_token" error_description="the token has expired"`',
    }),
  }),
  content: {
    'application/json': { schema: z.object({ message: z.literal('Unauthorized') }) },
    'application/problem+json': { schema: problemSchema.extend({ code: z.literal('tokenExpired'), message: z.literal('Unauthorized') }) },
  },
};

/** Idempotent replays answer the first answer again, saying so. */
const replayedHeader = z.enum(['true']).optional();

const standardErrors = {
  '429': problem('Too many requests'),
  '503': problem('A dependency is unavailable; retry after the Retry-After delay'),
};

const bodyErrors = {
  '400': problem('Malformed JSON, or a key given twice in one object'),
  '401': unauthorized,
  '413': problem('Body over the size limit'),
  '415': problem('Body is not application/json'),
  '422': problem('Invalid body (every field error listed)'),
};

function formSchemaName(id: string, version: number): string {
  return `Form.${id}.v${version}`;
}

/** A queue read: one page, or which query, token or caller it refused. */
function queuePageResponses(page: z.ZodType, forbidden: string): Operation['responses'] {
  return {
    '200': ok(page),
    '400': problem('Invalid query parameters or cursor (every error listed)'),
    '401': unauthorized,
    '403': problem(forbidden),
    ...standardErrors,
  };
}

/** What each route takes and answers, by function id: every route of routes.ts has one. */
/** A submission (public or partner): the forms' own JSON Schemas as body, the case receipt as answer. */
function submission(opened: string, extraErrors: Record<string, ZodOpenApiResponseObject> = {}): Operation {
  return {
    requestParams: { path: formPathSchema, query: formVersionQuerySchema, header: submissionHeadersSchema },
    requestBody: {
      required: true,
      content: {
        // The forms' own JSON Schemas (with labels and examples), components of their own below.
        'application/json': {
          schema: { oneOf: listForms().map((f) => ({ $ref: `#/components/schemas/${formSchemaName(f.id, f.version)}` })) },
        },
      },
    },
    responses: {
      '201': {
        description: `${opened} (or, with header Idempotent-Replayed: true, the first answer replayed)`,
        headers: z.object({ Location: z.string(), 'Idempotent-Replayed': replayedHeader }),
        content: { 'application/json': { schema: submissionReceiptSchema } },
      },
      '400': problem(
        'Malformed JSON, a key given twice in one object, a missing/invalid Idempotency-Key, or a Notice-Language other than fr, ar, en',
      ),
      ...extraErrors,
      '404': problem('Unknown form or version'),
      '410': problem('A retired (superseded) version of the form: `currentVersion` names the one to submit'),
      '413': problem('Body over the size limit'),
      '415': problem('Body is not application/json'),
      '422': problem('Schema violations (every field error listed) or an Idempotency-Key reused with another body'),
      ...standardErrors,
    },
  };
}

const operations: Record<string, Operation> = {
  ListForms: {
    responses: { '200': ok(formListSchema), ...standardErrors },
  },
  GetForm: {
    requestParams: { path: formPathSchema, query: formVersionQuerySchema },
    responses: { '200': ok(formDocumentSchema), '404': problem('Unknown form or version'), ...standardErrors },
  },
  SubmitForm: submission('Case opened'),
  SubmitPartnerForm: submission('Case opened as the caller’s association’s', {
    '401': unauthorized,
    '403': problem('Not a partner user with an association, or a body naming another association'),
  }),
  SubmitAssociationForm: (() => {
    const base = submission('Case opened as the association’s', {
      '401': unauthorized,
      '403': problem('Neither mission staff nor a partner user (the data-protection officer alone, a user without a group)'),
      '409': problem('The association is deactivated'),
    });
    return {
      ...base,
      requestParams: { path: associationFormPathSchema, query: formVersionQuerySchema, header: submissionHeadersSchema },
      responses: {
        ...base.responses,
        '404': problem(
          'Unknown form or version, a form that is not an association’s (associationFormNotFound), an unknown association, or another association than the partner user’s own',
        ),
      },
    };
  })(),
  CreateAssociation: {
    requestBody: body(associationRequestSchema),
    responses: {
      '201': ok(associationSchema, 'Registered, active'),
      ...bodyErrors,
      '403': problem('Not an administrator or supervisor'),
      '409': problem('An association already has this id'),
      ...standardErrors,
    },
  },
  ListNeeds: {
    requestParams: { query: needListQuerySchema },
    responses: queuePageResponses(needPageSchema, 'Not mission staff (caseworker, supervisor, admin)'),
  },
  ListAssociations: {
    requestParams: { query: associationListQuerySchema },
    responses: queuePageResponses(associationPageSchema, 'Neither mission staff nor a partner user'),
  },
  GetAssociation: {
    requestParams: { path: associationPathSchema },
    responses: {
      '200': ok(associationSchema),
      '401': unauthorized,
      '403': problem('Neither mission staff nor a partner user'),
      '404': problem('No such association, or another association than the partner user’s own'),
      ...standardErrors,
    },
  },
  UpdateAssociation: {
    requestParams: { path: associationPathSchema },
    requestBody: body(associationChangeSchema),
    responses: {
      '200': ok(associationSchema, 'As changed, with its new version'),
      ...bodyErrors,
      '403': problem('Not an administrator or supervisor'),
      '404': problem('No such association'),
      '409': problem('Changed since the version read: read it again'),
      ...standardErrors,
    },
  },
  ListAssociationCases: {
    requestParams: { path: associationPathSchema, query: associationListQuerySchema },
    responses: {
      ...queuePageResponses(associationCasePageSchema, 'Neither mission staff nor a partner user'),
      '404': problem('No such association, or another association than the partner user’s own'),
    },
  },
  SearchExperts: {
    requestParams: { query: registerQueryDocSchema },
    responses: {
      '200': ok(registerPageSchema),
      '400': problem('A cursor that is not the `next` of this same search'),
      '401': unauthorized,
      '403': problem('Not mission staff (caseworker, supervisor, admin)'),
      '422': problem('Invalid query parameters (every error listed): at least a skill, a country or a sector; both dates or neither'),
      ...standardErrors,
    },
  },
  ChangeExpertAvailability: {
    requestParams: { path: expertPathSchema },
    requestBody: body(availabilityRequestSchema),
    responses: {
      '200': ok(registerEntrySchema, 'The entry with its new windows and version'),
      ...bodyErrors,
      '403': problem('Not mission staff'),
      '409': problem('The expert is not listed (not verified yet, or withdrawn), or the entry changed since the version read'),
      ...standardErrors,
    },
  },
  WithdrawExpert: {
    requestParams: { path: expertPathSchema },
    requestBody: body(expertWithdrawalRequestSchema),
    responses: {
      '200': ok(registerEntrySchema, 'The entry, withdrawn; the case is closed'),
      ...bodyErrors,
      '403': problem('Not a caseworker or supervisor'),
      '409': problem('The expert is not listed (not verified yet, or already withdrawn)'),
      ...standardErrors,
    },
  },
  ListExpertAssignments: {
    requestParams: { path: expertPathSchema },
    responses: {
      '200': ok(expertAssignmentsSchema, 'Latest confirmation first; none for an expert never confirmed'),
      '401': unauthorized,
      '403': problem('Not mission staff (caseworker, supervisor, admin)'),
      ...standardErrors,
    },
  },
  GetOpenApi: {
    responses: { '200': { description: 'This document', content: { 'application/json': { schema: { type: 'object' } } } } },
  },
  GetCase: {
    requestParams: { path: casePathSchema },
    responses: {
      '200': ok(caseSchema),
      '401': unauthorized,
      '404': problem('No such case, or not visible to the caller'),
      ...standardErrors,
    },
  },
  GetCaseByReference: {
    requestParams: { path: referencePathSchema },
    responses: {
      '200': ok(caseByReferenceSchema, 'Its id: GET /cases/{caseId} reads it whole'),
      '400': problem('Not a case reference (every error listed)'),
      '401': unauthorized,
      '404': problem('No case of that reference, or not visible to the caller'),
      ...standardErrors,
    },
  },
  SearchPersons: {
    requestBody: body(personSearchRequestSchema),
    responses: {
      '200': ok(personSearchResponseSchema, 'Only the persons of cases the caller sees; none is a 200 with no results'),
      ...bodyErrors,
      '403': problem(
        'Neither mission staff nor a partner association’s user (the data-protection officer has POST /data-protection/searches)',
      ),
      ...standardErrors,
    },
  },
  ListCases: {
    requestParams: { query: caseQueueQuerySchema },
    responses: queuePageResponses(caseQueuePageSchema, 'A partner user without an association'),
  },
  GetCaseAccessLog: {
    requestParams: { path: casePathSchema, query: caseAccessLogQuerySchema },
    responses: queuePageResponses(accessLogPageSchema, 'Not the data-protection officer'),
  },
  GetReaderAccessLog: {
    requestParams: { query: readerAccessLogQuerySchema },
    responses: queuePageResponses(accessLogPageSchema, 'Not the data-protection officer'),
  },
  GetCaseHistory: {
    requestParams: { path: casePathSchema },
    responses: {
      '200': ok(caseHistorySchema),
      '401': unauthorized,
      '404': problem('No such case, or not visible to the caller'),
      ...standardErrors,
    },
  },
  WithdrawCase: {
    requestParams: { path: casePathSchema },
    requestBody: body(withdrawalBodySchema),
    responses: {
      '200': ok(
        withdrawalReceiptSchema,
        'Case closed as withdrawn; its open tasks cancelled and its workflow phases before departure (return, travel) stopped',
      ),
      ...bodyErrors,
      '403': problem('Only caseworkers and supervisors record withdrawals'),
      '404': problem('No such case'),
      '409': problem('The case is already closed, or the person has already departed'),
      ...standardErrors,
    },
  },
  ReferCase: {
    requestParams: { path: casePathSchema },
    requestBody: body(referralRequestSchema),
    responses: {
      '201': ok(referralReceiptSchema, 'The new case of the target programme, linked both ways; its first workflow phase requested'),
      ...bodyErrors,
      '403': problem('Only caseworkers and supervisors refer cases'),
      '404': problem('No such case'),
      '409': problem(
        'The programme does not accept referrals from this one, the case is closed, the person has not consented to processing for the new purpose and no override reason was given, or the case is already referred there (the open case is named)',
      ),
      ...standardErrors,
    },
  },
  ReopenCase: {
    requestParams: { path: casePathSchema },
    requestBody: body(reopeningRequestSchema),
    responses: {
      '200': ok(reopeningReceiptSchema, 'The case is open again at stage reopened; its workflow requested again'),
      ...bodyErrors,
      '403': problem('Only caseworkers reopen cases'),
      '404': problem('No such case'),
      '409': problem('The case is open, or its programme does not allow reopening'),
      ...standardErrors,
    },
  },
  ShareCase: {
    requestParams: { path: casePathSchema },
    requestBody: { required: true, content: { 'application/json': { schema: shareRequestSchema } } },
    responses: {
      '201': ok(shareSchema),
      '403': problem('Not a caseworker or supervisor'),
      '404': problem('No such case'),
      '409': problem(
        'No consent to share with this partner and no override reason, the case is closed, the service is already referred (pending or accepted), or the case changed meanwhile (a consent revoked...): read it again and retry',
      ),
      ...bodyErrors,
      ...standardErrors,
    },
  },
  RevokeCaseShare: {
    requestParams: { path: sharePathSchema },
    responses: {
      '200': ok(shareSchema),
      '401': unauthorized,
      '403': problem('Not a caseworker or supervisor'),
      '404': problem('No such case or share'),
      '409': problem('The share already ended: revoked, rejected by its partner'),
      ...standardErrors,
    },
  },
  AcceptReferral: {
    requestParams: { path: sharePathSchema },
    responses: {
      '200': ok(shareSchema),
      '401': unauthorized,
      '403': problem('Not a partner association’s user'),
      '404': problem('No such case or share, or a share made to another association'),
      '409': problem(
        'A whole-case share (no answer awaited), a referral already answered, ended (revoked, past its end), or a closed case',
      ),
      ...standardErrors,
    },
  },
  RejectReferral: {
    requestParams: { path: sharePathSchema },
    requestBody: { required: true, content: { 'application/json': { schema: referralRejectionSchema } } },
    responses: {
      '200': ok(shareSchema),

      '403': problem('Not a partner association’s user'),
      '404': problem('No such case or share, or a share made to another association'),
      '409': problem('A whole-case share (no answer awaited), a referral already answered, or ended (revoked, past its end)'),
      ...bodyErrors,
      ...standardErrors,
    },
  },
  ChangeConsent: {
    requestParams: { path: casePathSchema },
    requestBody: { required: true, content: { 'application/json': { schema: consentChangeSchema } } },
    responses: {
      '200': ok(
        z.object({
          caseId: z.uuid(),
          consent: z.object({
            processing: z.boolean().nullable(),
            followUpContact: z.boolean().nullable(),
            sharingWithPartners: z.array(z.string()),
          }),
          consents: z.array(consentRecordSchema).meta({ description: 'The consent records as they now stand' }),
          effect: z.record(z.string(), z.unknown()).meta({
            description:
              'What the change did, as the history records it: e.g. {effect: beneficiary-messages-stopped, pendingMessagesCancelled: 1}, {effect: shares-ended:1, partnerAccessEnded: true}, {effect: processing-continues-on-other-ground, basis}',
          }),
          endedShares: z.array(z.uuid()),
        }),
      ),
      '403': problem('Not a caseworker or supervisor'),
      '404': problem('No such case'),
      '409': problem('The case changed meanwhile; retry'),
      ...bodyErrors,
      ...standardErrors,
    },
  },
  ListTasks: {
    requestParams: { query: taskQueueQuerySchema },
    responses: queuePageResponses(taskQueuePageSchema, "Not one of the caller's queues"),
  },
  GetTask: {
    requestParams: { path: taskPathSchema },
    responses: {
      '200': ok(taskDocumentSchema),
      '401': unauthorized,
      '404': problem('No such task, or not visible to the caller'),
      ...standardErrors,
    },
  },
  ClaimTask: {
    requestParams: { path: taskPathSchema },
    responses: {
      '200': ok(taskSchema, 'Assigned to the caller (Idempotent-Replayed: true when it already was)'),
      '401': unauthorized,
      '403': problem('The caller may not act on this step (role, partner, four eyes)'),
      '404': problem('No such task, or not visible to the caller'),
      '409': problem('Assigned to someone else (a supervisor can reassign it), or no longer open'),
      ...standardErrors,
    },
  },
  CompleteTask: {
    requestParams: { path: taskPathSchema },
    requestBody: body(completeTaskBodySchema),
    responses: {
      '200': {
        description: 'Completed (or, with header Idempotent-Replayed: true, the same decision by the same person again)',
        headers: z.object({ 'Idempotent-Replayed': replayedHeader }),
        content: { 'application/json': { schema: taskSchema } },
      },
      ...bodyErrors,
      '403': problem(
        'The caller may not complete this step: role, partner, four eyes (they screened or prepared the case), or it is claimed by someone else',
      ),
      '404': problem('No such task, or not visible to the caller'),
      '409': problem('Already completed by someone else or with another decision, changed concurrently, or no longer awaited'),
      '422': problem('The decision violates the step schema (every field error listed, pointers into the body)'),
      ...standardErrors,
    },
  },
  ReassignTask: {
    requestParams: { path: taskPathSchema },
    requestBody: body(reassignTaskBodySchema),
    responses: {
      '200': ok(taskSchema),
      ...bodyErrors,
      '403': problem('Supervisors and administrators only'),
      '404': problem('No such task'),
      '409': problem('The task is no longer open, or changed concurrently'),
      '422': problem(
        'Invalid body, or the assignee may not be given this step: not a member of the team (assigneeUnknown), holds no role that may do it (assigneeNotEligible), or is excluded by four eyes (assigneeExcluded); the reason is on /assignee',
      ),
      ...standardErrors,
    },
  },
  ListTaskCandidates: {
    requestParams: { path: taskPathSchema },
    responses: {
      '200': ok(taskCandidatesSchema, 'The members of the team the task may be handed to, by name'),
      '401': problem('No valid token'),
      '403': problem('Supervisors and administrators only'),
      '404': problem('No such task'),
      ...standardErrors,
    },
  },
};

// The data subjects' requests (docs/data-protection.md).
const dpoOnly = problem('Not the data-protection officer');
const subjectNotFound = problem('No person matches the subject');
Object.assign(operations, {
  SearchDataSubject: {
    requestBody: body(dataSubjectRequestSchema),
    responses: {
      '200': ok(z.object({ matches: z.array(subjectMatchSchema) })),
      '403': dpoOnly,
      '404': subjectNotFound,
      ...bodyErrors,
      ...standardErrors,
    },
  },
  ExportPersonData: {
    requestBody: body(dataSubjectRequestSchema),
    responses: {
      '200': ok(
        z.object({
          exportId: z.uuid(),
          generatedAt: z.string(),
          language: z.enum(['fr', 'ar', 'en']),
          cases: z.array(z.record(z.string(), z.unknown())),
          summary: z.array(z.string()),
        }),
        'Everything held about the person, per case, and a summary in the Accept-Language',
      ),
      '403': dpoOnly,
      '404': subjectNotFound,
      ...bodyErrors,
      ...standardErrors,
    },
  },
  ErasePersonData: {
    requestBody: body(erasureRequestSchema),
    responses: {
      '200': ok(
        z.object({
          erased: z.array(z.object({ caseId: z.uuid(), personIds: z.array(z.uuid()), anonymised: z.boolean() })),
          alreadyErased: z.array(z.uuid()),
        }),
      ),
      '403': dpoOnly,
      '404': subjectNotFound,
      '409': problem('A case concerned is open and no legal ground was given, or a case changed meanwhile (retry)'),
      ...bodyErrors,
      ...standardErrors,
    },
  },
  CorrectPerson: {
    requestParams: { path: personPathSchema },
    requestBody: body(correctionRequestSchema),
    responses: {
      '200': ok(
        z.object({
          caseId: z.uuid(),
          personId: z.uuid(),
          auditId: z.uuid(),
          paths: z.array(z.string()),
          data: z.record(z.string(), z.unknown()),
        }),
      ),
      '403': problem('Not the data-protection officer or a supervisor'),
      '404': problem('No such case or person'),
      '409': problem('The person’s data were erased, or changed meanwhile'),
      ...bodyErrors,
      '422': problem('Invalid body, or a value the form’s schema refuses for that field (every error listed)'),
      ...standardErrors,
    },
  },
  DecidePersonMatch: {
    requestParams: { path: matchPathSchema },
    requestBody: body(matchDecisionSchema),
    responses: {
      '200': ok(personMatchSchema, 'The suggestion as decided'),
      '403': problem('Not a caseworker or supervisor (undo: not a supervisor)'),
      '404': problem('No such suggestion for that case and person'),
      '409': problem('Already decided, not confirmed (undo), the person already linked, or the other case’s person changed meanwhile'),
      ...bodyErrors,
      ...standardErrors,
    },
  },
  RecordRemittanceSession: {
    requestParams: { header: remittanceSessionHeadersSchema },
    requestBody: body(remittanceSessionRequestSchema),
    responses: {
      '201': {
        description: 'Recorded (or, with header Idempotent-Replayed: true, the first answer to the same Idempotency-Key and body replayed)',
        headers: z.object({ 'Idempotent-Replayed': replayedHeader }),
        content: { 'application/json': { schema: remittanceSessionSchema } },
      },
      ...bodyErrors,
      '400': problem('Malformed JSON, a key given twice in one object, or an invalid Idempotency-Key'),
      '403': problem('Not a caseworker or supervisor'),
      '422': problem(
        'Invalid body (every field error listed), a co-organising association that is not registered, or an Idempotency-Key already used for another session',
      ),
      ...standardErrors,
    },
  },
  ListRemittanceSessions: {
    requestParams: { query: remittanceSessionQuerySchema },
    responses: queuePageResponses(remittanceSessionPageSchema, 'Not mission staff'),
  },
  ImportCorridorPrices: {
    requestBody: {
      required: true,
      content: { 'text/csv': { schema: { type: 'string', description: corridorPriceCsvDescription } } },
    },
    responses: {
      '200': ok(corridorPriceImportSchema, 'Every price stored (each replacing the one of its quarter, corridor, provider and instrument)'),
      '401': unauthorized,
      '403': problem('Not a supervisor or administrator'),
      '413': problem('File over 256 KiB'),
      '415': problem('Body is not text/csv'),
      '422': problem('Every bad row and column listed (`/rows/{line}/{column}`), or a file that is not UTF-8 CSV: nothing stored'),
      ...standardErrors,
    },
  },
  GetIndicators: {
    requestParams: { query: indicatorQuerySchema },
    responses: {
      '200': {
        description:
          'The figures of the programme’s indicators for the period (docs/indicators.md); CSV with localized column headers for `Accept: text/csv` or `format=csv`',
        content: {
          'application/json': { schema: indicatorsResponseSchema },
          'text/csv': {
            schema: {
              type: 'string',
              description: 'One row per cell; text cells starting with = + - @, a tab or CR are prefixed with a quote',
            },
          },
        },
      },
      '400': problem('Invalid query parameters (every error listed)'),
      '401': unauthorized,
      '403': problem('Not mission staff nor an active partner association'),
      '422': problem('An indicator not declared for the programme'),
      ...standardErrors,
    },
  },
  ExportCtdc: {
    requestParams: { query: ctdcExportQuerySchema },
    responses: {
      '200': {
        description: 'One de-identified row per victim case, in the shape of CTDC’s public data (docs/indicators.md)',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
      '400': problem('Invalid query parameters (every error listed)'),
      '401': unauthorized,
      '403': problem('Not a supervisor or administrator'),
      ...standardErrors,
    },
  },
  ListCorridorPrices: {
    requestParams: { query: corridorPriceQuerySchema },
    responses: {
      '200': ok(corridorPriceListSchema),
      '400': problem('Invalid query parameters (every error listed)'),
      '401': unauthorized,
      '403': problem('Not mission staff'),
      ...standardErrors,
    },
  },
} satisfies Record<string, Operation>);

function operation(route: RouteDefinition): ZodOpenApiOperationObject {
  const described = operations[route.functionId];
  if (!described) throw new Error(`No OpenAPI operation for route ${route.functionId}`);
  const { header, ...requestParams } = described.requestParams ?? {};
  return {
    operationId: route.functionId.charAt(0).toLowerCase() + route.functionId.slice(1),
    summary: route.description,
    ...described,
    requestParams: { header: header ? languageHeaderSchema.extend(header.shape) : languageHeaderSchema, ...requestParams },
    security: route.access === 'staff' ? [{ staffJwt: [] }] : [],
  };
}

export function buildOpenApiDocument(): JsonObject {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const route of routes) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation(route) };
  }
  const formSchemas = Object.fromEntries(
    listForms().map((summary) => {
      const form = getForm(summary.id, summary.version)!;
      return [formSchemaName(form.id, form.version), toJsonSchema(form, 'en')];
    }),
  );
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Casework API',
      version: '1.0.0',
      description:
        'Forms, submissions and cases of the mission. Errors are application/problem+json (RFC 9457), in French (default), Arabic or English by Accept-Language.',
    },
    paths,
    components: {
      securitySchemes: {
        staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito token of staff or partner users' },
      },
      schemas: formSchemas,
    },
  }) as unknown as JsonObject;
}
