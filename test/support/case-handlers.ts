// Shared by the case handlers' unit tests: case items as stored, and GET calls as a caller.
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { httpEvent, lambdaContext } from './events.ts';
import type { Handler, Who } from './task-handlers.ts';

export { amina, caseId, parse, taskId, type Handler, type Who } from './task-handlers.ts';

/** A partner association's user: sees only the cases shared with the association. */
export const oujda: Who = { sub: 'p-oujda', groups: '[partner]', partnerId: 'assoc-oujda' };

export function caseItem(n: number, extra: Record<string, unknown> = {}) {
  const id = `2000000${n}-0000-4000-a000-000000000000`;
  const updatedAt = `2026-12-0${n}T09:00:00.000Z`;
  return {
    ...keys.case(id),
    ...keys.caseQueue('youth-employability', 'enrolled', updatedAt, id),
    entity: 'Case',
    caseId: id,
    reference: `YEP-2026-00000${n}`,
    programme: 'youth-employability',
    caseType: 'youth-enrolment',
    formId: 'youth-enrolment',
    formVersion: 1,
    stage: 'enrolled',
    status: 'open',
    facts: { nationality: 'MA' },
    createdAt: updatedAt,
    updatedAt,
    version: 1,
    ...extra,
  };
}

export function request(
  handler: Handler,
  path: string,
  routeKey: string,
  who: Who,
  init: { query?: Record<string, string>; pathParameters?: Record<string, string>; language?: string } = {},
) {
  return handler(
    httpEvent({
      method: 'GET',
      path,
      routeKey,
      headers: { 'accept-language': init.language ?? 'fr' },
      ...(init.query ? { query: init.query } : {}),
      ...(init.pathParameters ? { pathParameters: init.pathParameters } : {}),
      claims: { sub: who.sub, 'cognito:groups': who.groups, ...(who.partnerId ? { partner_id: who.partnerId } : {}) },
    }),
    lambdaContext,
  );
}
