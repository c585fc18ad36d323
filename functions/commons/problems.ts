// RFC 9457 problem details, localised. Every error a client can cause maps here to a 4xx; domain
// errors are mapped to HTTP in this one place.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ActionForbidden,
  AssociationNotActive,
  CaseConflict,
  CaseNotFound,
  DecisionInvalid,
  DecisionRefused,
  DependencyUnavailable,
  FormNotFound,
  FormVersionNotFound,
  FormVersionRetired,
  IdempotencyKeyReused,
  SubmissionInvalid,
  TaskConflict,
  TaskNotFound,
} from '../../domain/errors.ts';
import { CorrectionInvalid } from '../../domain/privacy/correction.ts';
import { ErasureNeedsLegalGround, PersonErased } from '../../domain/privacy/errors.ts';
import { MatchConflict, MatchNotFound } from '../../domain/identity/matches.ts';
import type * as z from 'zod';
import { localizeIssues, problemDetail, problemTitle, type FieldError, type Language, type ProblemName } from '../../domain/i18n/index.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An HTTP-level error raised by an adapter (bad header, bad content type, ...). */
export class HttpProblem extends Error {
  constructor(
    public readonly status: number,
    public readonly problem: ProblemName,
    public readonly params: Record<string, string | number> = {},
    public readonly errors: FieldError[] = [],
    public readonly headers: Record<string, string> = {},
    /** RFC 9457 extension members of the body (e.g. `currentVersion`): codes and numbers only. */
    public readonly extensions: Record<string, string | number> = {},
  ) {
    super(problem);
    this.name = 'HttpProblem';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  currentVersion?: number;
}

const problemTypeBase = 'urn:casework:problem:';

export function problemResponse(problem: HttpProblem, language: Language, instance?: string): APIGatewayProxyStructuredResultV2 {
  const body: ProblemBody = {
    type: `${problemTypeBase}${problem.problem}`,
    title: problemTitle(problem.problem, language, problem.params),
    status: problem.status,
    detail: problemDetail(problem.problem, language, problem.params),
    ...(instance ? { instance } : {}),
    ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
    ...problem.extensions,
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'content-language': language, ...problem.headers },
    body: JSON.stringify(body),
  };
}

/** Maps what the domain or an adapter threw to the problem a client sees; undefined = not a client's doing. */
export function toHttpProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof SubmissionInvalid) return new HttpProblem(422, 'validation', { count: error.errors.length }, error.errors);
  if (error instanceof FormNotFound) return new HttpProblem(404, 'formNotFound', { formId: error.formId });
  if (error instanceof FormVersionNotFound)
    return new HttpProblem(404, 'formVersionNotFound', { formId: error.formId, version: error.version });
  if (error instanceof IdempotencyKeyReused) return new HttpProblem(422, 'idempotencyKeyReused');
  if (error instanceof FormVersionRetired) {
    const { formId, version, currentVersion } = error;
    return new HttpProblem(410, 'formVersionRetired', { formId, version, currentVersion }, [], {}, { currentVersion });
  }
  // The same answers as the submission routes' own checks: its staff 403, mission staff 409.
  if (error instanceof AssociationNotActive)
    return error.submitter === 'staff' ? new HttpProblem(409, 'associationInactive') : new HttpProblem(403, 'associationNotActive');
  if (error instanceof CaseNotFound) return new HttpProblem(404, 'notFound');
  if (error instanceof TaskNotFound) return new HttpProblem(404, 'notFound');
  if (error instanceof ActionForbidden) return new HttpProblem(403, forbiddenProblems[error.reason]);
  if (error instanceof TaskConflict) return new HttpProblem(409, taskConflictProblems[error.reason]);
  if (error instanceof DecisionInvalid) return new HttpProblem(422, 'decisionInvalid', { count: error.errors.length }, error.errors);
  if (error instanceof CaseConflict) return new HttpProblem(409, caseConflictProblems[error.reason]);
  if (error instanceof DecisionRefused) return new HttpProblem(409, stepRefusalProblems[error.reason]);
  if (error instanceof CorrectionInvalid) return new HttpProblem(422, 'requestInvalid', { count: error.errors.length }, error.errors);
  if (error instanceof PersonErased) return new HttpProblem(409, 'personErased');
  if (error instanceof MatchNotFound) return new HttpProblem(404, 'notFound');
  if (error instanceof MatchConflict) return new HttpProblem(409, matchConflictProblems[error.reason]);
  if (error instanceof ErasureNeedsLegalGround) return new HttpProblem(409, 'erasureNeedsLegalGround', { count: error.caseIds.length });
  // By name: importing the DynamoDB adapter here would put it in every function's bundle.
  if (error instanceof Error && error.name === 'InvalidCursor') return new HttpProblem(400, 'invalidCursor');
  if (error instanceof DependencyUnavailable)
    return new HttpProblem(503, 'serviceUnavailable', {}, [], { 'retry-after': String(error.retryAfterSeconds) });
  return undefined;
}

const forbiddenProblems: Record<ActionForbidden['reason'], ProblemName> = {
  role: 'roleNotAllowed',
  'four-eyes': 'fourEyes',
  partner: 'otherPartner',
  'assigned-to-other': 'taskAssignedToOther',
  'claimed-by-other': 'taskClaimedByOther',
  'association-form': 'associationFormNotPublic',
};

const taskConflictProblems: Record<TaskConflict['reason'], ProblemName> = {
  'already-completed': 'taskAlreadyCompleted',
  'not-open': 'taskNotOpen',
  'concurrent-update': 'taskConcurrentUpdate',
  'no-longer-awaited': 'taskNoLongerAwaited',
};

const matchConflictProblems: Record<MatchConflict['reason'], ProblemName> = {
  'already-decided': 'matchAlreadyDecided',
  'not-confirmed': 'matchNotConfirmed',
  'person-linked': 'personAlreadyLinked',
  'candidate-changed': 'matchCandidateChanged',
};

/** Each step refusal (domain/tasks/step-definition.ts, STEP_REFUSALS) and its problem. */
const stepRefusalProblems: Record<DecisionRefused['reason'], ProblemName> = {
  'best-interests-determination-required': 'bestInterestsDeterminationRequired',
  'need-not-matched-to-returnee': 'needNotMatchedToReturnee',
  'candidate-no-longer-available': 'candidateNoLongerAvailable',
};

const caseConflictProblems: Record<CaseConflict['reason'], ProblemName> = {
  closed: 'caseClosed',
  'after-departure': 'caseDeparted',
  'not-withdrawable': 'caseNotWithdrawable',
  'concurrent-update': 'conflict',
};

/** Query parameters or a body that fail their schema: every field error, localized. */
export function invalidRequest(status: 400 | 422, issues: readonly z.core.$ZodIssue[], language: Language): HttpProblem {
  const errors = localizeIssues(issues, language);
  return new HttpProblem(status, 'requestInvalid', { count: errors.length }, errors);
}
