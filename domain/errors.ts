// Errors the domain raises. They say what went wrong in domain terms; the HTTP adapter maps each
// to a problem+json status in one place (functions/commons/problems.ts).
import type { FieldError } from './i18n/index.ts';
import type { StepRefusal } from './tasks/step-definition.ts';

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class FormNotFound extends DomainError {
  readonly code = 'form-not-found';
  constructor(public readonly formId: string) {
    super(`Form ${formId} does not exist`);
  }
}

export class FormVersionNotFound extends DomainError {
  readonly code = 'form-version-not-found';
  constructor(
    public readonly formId: string,
    public readonly version: number,
  ) {
    super(`Form ${formId} has no version ${version}`);
  }
}

/** A superseded version of a form that opens no new case (`retired`): submit on the current one. */
export class FormVersionRetired extends DomainError {
  readonly code = 'form-version-retired';
  constructor(
    public readonly formId: string,
    public readonly version: number,
    public readonly currentVersion: number,
  ) {
    super(`Form ${formId} version ${version} is retired`);
  }
}

export class SubmissionInvalid extends DomainError {
  readonly code = 'validation';
  constructor(public readonly errors: FieldError[]) {
    super(`Submission has ${errors.length} invalid field(s)`);
  }
}

/** The same Idempotency-Key was used before with a different request. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'idempotency-key-reused';
  constructor() {
    super('Idempotency-Key already used for a different request');
  }
}

export class CaseNotFound extends DomainError {
  readonly code = 'not-found';
  constructor(public readonly caseId: string) {
    super('Case not found');
  }
}

/** A dependency (database, workflow service) could not be reached; the client may retry. */
export class DependencyUnavailable extends DomainError {
  readonly code = 'service-unavailable';
  constructor(
    public readonly dependency: string,
    public readonly retryAfterSeconds = 5,
  ) {
    super(`${dependency} unavailable`);
  }
}

export class TaskNotFound extends DomainError {
  readonly code = 'not-found';
  constructor(public readonly taskId: string) {
    super('Task not found');
  }
}

/** The caller may not do this (wrong role, another partner's case, four eyes). */
export class ActionForbidden extends DomainError {
  readonly code = 'forbidden';
  constructor(
    public readonly reason: 'role' | 'four-eyes' | 'partner' | 'assigned-to-other' | 'claimed-by-other' | 'association-form',
    public readonly detail?: string,
  ) {
    super(`Forbidden: ${reason}`);
  }
}

/** The task is no longer open (completed, cancelled, expired), or changed under the caller. */
export class TaskConflict extends DomainError {
  readonly code = 'conflict';
  constructor(public readonly reason: 'already-completed' | 'not-open' | 'concurrent-update' | 'no-longer-awaited') {
    super(`Task conflict: ${reason}`);
  }
}

export class DecisionInvalid extends DomainError {
  readonly code = 'validation';
  constructor(public readonly errors: FieldError[]) {
    super(`Decision has ${errors.length} invalid field(s)`);
  }
}

export class CaseConflict extends DomainError {
  readonly code = 'conflict';
  constructor(public readonly reason: 'closed' | 'after-departure' | 'not-withdrawable' | 'concurrent-update') {
    super(`Case conflict: ${reason}`);
  }
}

/** A valid decision the case, as it stands, does not allow (e.g. a child's return without a recorded BID). */
export class DecisionRefused extends DomainError {
  readonly code = 'conflict';
  constructor(public readonly reason: StepRefusal) {
    super(`Decision refused: ${reason}`);
  }
}

/**
 * The association a case would hang off is not a registered, active record when the case is written
 * (deactivated since the handler checked it). Refused to its own staff (`partner`) as to mission
 * staff submitting on its behalf (`staff`), each with its own problem.
 */
export class AssociationNotActive extends DomainError {
  readonly code = 'association-not-active';
  constructor(
    public readonly associationId: string,
    public readonly submitter: 'partner' | 'staff',
  ) {
    super('Association not active');
  }
}
