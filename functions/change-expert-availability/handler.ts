// POST /experts/{caseId}/availability — mission staff replace a listed expert's availability windows
// (from the entry's version read: 409 on a stale one); the search sees the new windows at once.
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
  availabilityChangeSchema,
  changeAvailability,
  ExpertChanged,
  ExpertNotListed,
} from '../../domain/migration-development/expert-actions.ts';

const store = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'));
const register = new DynamoRegisterStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor', 'admin')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId } = pathParameters(event, expertPathSchema);
  const body = availabilityChangeSchema.safeParse(readJsonBody(event, 16 * 1024, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  try {
    const entry = await changeAvailability(
      { caseId, windows: body.data.windows, version: body.data.version, actor: { kind: 'staff', id: principal.sub } },
      { store, register, now: clock.now },
    );
    logger.info('expert availability changed', { caseId, windows: entry.windows.length, version: entry.version, by: principal.sub });
    return json(200, entry);
  } catch (error) {
    if (error instanceof ExpertNotListed) throw new HttpProblem(409, 'expertNotListed');
    if (error instanceof ExpertChanged) throw new HttpProblem(409, 'expertChanged');
    throw error;
  }
});
