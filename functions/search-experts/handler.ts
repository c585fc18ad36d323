// GET /register/experts — mission staff search the diaspora experts' register by sector, skill,
// language, country and availability window: the index partition of the most selective criterion
// is read (never a Scan), the rest filtered, the experts ranked by fit with their reasons, paginated.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoRegisterStore } from '../adapters/dynamodb/register-store.ts';
import { missionRolesOf } from '../../domain/access/roles.ts';
import { registerQuerySchema, toRegisterQuery } from '../../domain/migration-development/expert-actions.ts';
import { searchRegister } from '../../domain/migration-development/register.ts';

const register = new DynamoRegisterStore(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (missionRolesOf(principal).length === 0) throw new HttpProblem(403, 'registerSearchNotAllowed');
  const parsed = registerQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(422, parsed.error.issues, language);
  const { cursor: given, ...query } = toRegisterQuery(parsed.data);
  const binding = cursorBinding('GET /register/experts', {
    ...query,
    skills: [...query.skills].sort(),
    languages: [...query.languages].sort(),
  });
  const cursor = await cursors.open(given, binding, language);
  const page = await searchRegister({ ...query, ...(cursor !== undefined ? { cursor } : {}) }, register);
  const next = await cursors.seal(page.next, binding);
  logger.info('register searched', { by: principal.sub, results: page.items.length });
  return json(200, { items: page.items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});
