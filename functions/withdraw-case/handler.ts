// POST /cases/{caseId}/withdrawal — the applicant withdraws before departure: the case closes, its
// open tasks are cancelled and the workflow phases before departure (return, travel) are stopped.
import { documentClient, sfnClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { jsonMapEnv, requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { casePathSchema, withdrawalBodySchema, type WithdrawalReceipt } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { StepFunctionsCallbacks } from '../adapters/stepfunctions/task-callbacks.ts';
import { withdrawCase } from '../../domain/cases/case-actions.ts';
import { CaseConflict } from '../../domain/errors.ts';
import { executionName } from '../../domain/cases/model.ts';
import { stoppablePhases } from '../../domain/programmes/index.ts';

// The sensitive-fields key seals the withdrawal reason in the applicant's words (a case note).
const store = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());
const workflows = new StepFunctionsCallbacks(sfnClient);
const stateMachines = jsonMapEnv('CASE_WORKFLOW_ARNS');

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'withdrawalNotAllowed');
  const { caseId } = pathParameters(event, casePathSchema);
  const body = withdrawalBodySchema.safeParse(readJsonBody(event, 8192, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);

  let closed;
  try {
    closed = await withdrawCase(
      {
        caseId,
        reasonCode: body.data.reasonCode,
        ...(body.data.reason ? { reasonText: body.data.reason } : {}),
        actor: { kind: 'staff', id: principal.sub },
      },
      { store, now: clock.now, stoppablePhases },
    );
  } catch (error) {
    // A retry after the stop failed: the case is closed as withdrawn, but its workflow may still run.
    if (error instanceof CaseConflict && error.reason === 'closed') await stopIfWithdrawn(caseId);
    throw error;
  }
  const stopped = await stopPhasesBeforeDeparture(closed.caseType, caseId);
  logger.info('case withdrawn', { caseId, by: principal.sub, reasonCode: body.data.reasonCode, workflowsStopped: stopped });
  const receipt: WithdrawalReceipt = { caseId, reference: closed.reference, status: 'closed', stage: 'closed', closureReason: 'withdrawn' };
  return json(200, receipt);
});

async function stopIfWithdrawn(caseId: string): Promise<void> {
  const found = await store.getCase(caseId);
  if (found?.closureReason === 'withdrawn') await stopPhasesBeforeDeparture(found.caseType, caseId);
}

/**
 * The phases a withdrawal ends (those its programme declares stoppable: for AVRR, the phases before
 * departure); an execution that has already ended or never started is fine.
 */
async function stopPhasesBeforeDeparture(caseType: string, caseId: string): Promise<number> {
  const arns = stoppablePhases(caseType)
    .map((phase) => executionArn(caseType, phase, caseId))
    .filter((arn): arn is string => arn !== undefined);
  // Without a state machine for the case type there is no workflow to stop.
  await Promise.all(arns.map((arn) => workflows.stop(arn, 'withdrawn')));
  return arns.length;
}

/** arn:aws:states:R:A:stateMachine:NAME → arn:aws:states:R:A:execution:NAME:{caseId}-{phase} */
function executionArn(caseType: string, phase: string, caseId: string): string | undefined {
  const stateMachineArn = stateMachines[`${caseType}:${phase}`];
  if (!stateMachineArn) return undefined;
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):stateMachine:([^:]+)$/.exec(stateMachineArn);
  if (!match) throw new Error('CASE_WORKFLOW_ARNS holds a value that is not a state machine ARN');
  return `${match[1]}:execution:${match[2]}:${executionName(caseId, phase)}`;
}
