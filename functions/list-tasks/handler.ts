// GET /tasks — a work queue: mine, a role's, or a partner association's; earliest due first.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { isDetachedPartner, isStaff, isStaffRole, missionRolesOf, partnerOf, type Caller } from '../../domain/access/roles.ts';
import { maySee } from '../../domain/access/tasks.ts';
import { httpHandler, json } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { isOverdue, taskQueueQuerySchema } from '../commons/api-schemas.ts';
import { cursorBinding, pageCursors } from '../commons/cursor.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoWorkQueues } from '../adapters/dynamodb/work-queues.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import type { QueueEntry } from '../adapters/dynamodb/items.ts';
import { stepDefinition } from '../../domain/tasks/steps.ts';

const queues = new DynamoWorkQueues(documentClient, requiredEnv('TABLE_NAME'));
const sharing = new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'));
const cursors = pageCursors();

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const parsed = taskQueueQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw invalidRequest(400, parsed.error.issues, language);
  const query = parsed.data;
  // A partner user whose association is not an active record has no work: its queues are empty.
  if (isDetachedPartner(principal) && query.queue !== 'role') return json(200, { items: [] }, { 'cache-control': 'no-store' });
  const [kind, id] = queueOf(principal, query.queue, query.role);

  const binding = cursorBinding('GET /tasks', { queue: [kind, id], programme: query.programme });
  const cursor = await cursors.open(query.cursor, binding, language);
  const now = clock.now();
  const page = await queues.tasks(kind, id, {
    limit: query.limit,
    now,
    ...(cursor !== undefined ? { cursor } : {}),
    ...(query.programme ? { programme: query.programme } : {}),
  });
  const items = (await visibleTo(principal, kind, page.items, now)).map(({ partnerId: _partnerId, ...entry }) => ({
    ...entry,
    title: stepDefinition(entry.step)?.title[language] ?? entry.step,
    overdue: isOverdue(entry, now),
  }));
  logger.info('task queue read', { queue: kind, count: items.length, by: principal.sub });
  const next = await cursors.seal(page.next, binding);
  return json(200, { items, ...(next ? { next } : {}) }, { 'cache-control': 'no-store' });
});

/**
 * A supervisor may hand a task to any user id: a partner user's own queue shows only the tasks its
 * association may see now (its own cases' partner steps; those of cases shared whole with it, from
 * the cases' shares; a service's step, by an accepted referral of that service). Staff see every task; the role and partner queues hold only what they may.
 */
async function visibleTo(principal: Caller, kind: 'ROLE' | 'USER' | 'PARTNER', entries: QueueEntry[], now: Date): Promise<QueueEntry[]> {
  if (kind !== 'USER' || isStaff(principal)) return entries;
  const own = partnerOf(principal);
  const others = [...new Set(entries.filter((entry) => entry.partnerId !== own).map((entry) => entry.caseId))];
  const shares = new Map(await Promise.all(others.map(async (caseId) => [caseId, await sharing.sharesOfCase(caseId)] as const)));
  return entries.filter((entry) =>
    maySee(
      {
        caseId: entry.caseId,
        roles: entry.roles.filter(isStaffRole),
        ...(entry.partnerId ? { partnerId: entry.partnerId } : {}),
        ...(entry.serviceId !== undefined ? { serviceId: entry.serviceId } : {}),
      },
      principal,
      shares.get(entry.caseId) ?? [],
      now,
    ),
  );
}

/** The queue asked for, if the caller may read it: their own roles, their association, their tasks. */
function queueOf(
  principal: Caller,
  queue: 'mine' | 'role' | 'partner' | undefined,
  role: string | undefined,
): ['ROLE' | 'USER' | 'PARTNER', string] {
  const staffRoles = missionRolesOf(principal);
  const which = queue ?? (staffRoles.length === 0 ? 'partner' : 'role');
  // Only casework staff and partner users have work of their own.
  if (which === 'mine') {
    if (staffRoles.length === 0 && partnerOf(principal) === undefined) throw new HttpProblem(403, 'queueNotAllowed');
    return ['USER', principal.sub];
  }
  if (which === 'partner') {
    const partnerId = partnerOf(principal);
    if (partnerId === undefined) throw new HttpProblem(403, 'queueNotAllowed');
    return ['PARTNER', partnerId];
  }
  const wanted = role ?? staffRoles[0];
  if (wanted === undefined) throw new HttpProblem(403, 'queueNotAllowed');
  // Admins may look at any role's queue; everyone else at their own roles' queues.
  if (!principal.groups.includes('admin') && !staffRoles.some((group) => group === wanted)) throw new HttpProblem(403, 'queueNotAllowed');
  return ['ROLE', wanted];
}
