// POST /experts/{caseId}/withdrawal — a listed expert leaves the register: the entry is withdrawn and
// its index items deleted in one transaction (no search finds them from then on), then the case
// closes. Their personal data follow the erasure route (POST /data-protection/erasures).
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { expertPathSchema } from '../commons/api-schemas.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoRegisterStore } from '../adapters/dynamodb/register-store.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import {
  ExpertChanged,
  ExpertNotListed,
  expertWithdrawalSchema,
  withdrawExpert,
} from '../../domain/migration-development/expert-actions.ts';

const store = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'));
const register = new DynamoRegisterStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'withdrawalNotAllowed');
  const { caseId } = pathParameters(event, expertPathSchema);
  const body = expertWithdrawalSchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  try {
    const entry = await withdrawExpert(
      { caseId, reasonCode: body.data.reasonCode, actor: { kind: 'staff', id: principal.sub } },
      { store, register, now: clock.now },
    );
    logger.info('expert withdrawn', { caseId, reasonCode: body.data.reasonCode, by: principal.sub });
    return json(200, entry);
  } catch (error) {
    if (error instanceof ExpertNotListed) throw new HttpProblem(409, 'expertNotListed');
    if (error instanceof ExpertChanged) throw new HttpProblem(409, 'expertChanged');
    throw error;
  }
});
