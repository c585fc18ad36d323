// POST /data-protection/erasures — erasure (law 09-08, art. 9) of a person's data in every case
// holding them, or in one: persons' data, submissions as received, notes and the values corrections
// replaced go; each case keeps its facts and history. An open case needs a legal ground, recorded.
// Repeating it changes nothing. A diaspora expert's register entry is withdrawn (out of every index
// partition) and their case closed after the erasure, for every expert case it concerns.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { erasureRequestSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { DynamoCaseStore } from '../adapters/dynamodb/case-store.ts';
import { DynamoRegisterStore } from '../adapters/dynamodb/register-store.ts';
import { withdrawErasedExpert } from '../../domain/migration-development/expert-actions.ts';
import { ErasureNeedsLegalGround } from '../../domain/privacy/errors.ts';
import { planCaseErasure } from '../../domain/privacy/erasure.ts';
import type { CaseHoldings } from '../../domain/privacy/export.ts';
import { byCase, requireDataProtectionOfficer, subjectMatches } from '../commons/data-subject.ts';

const store = new DynamoPrivacyStore(documentClient, requiredEnv('TABLE_NAME'));
const cases = new DynamoCaseStore(documentClient, requiredEnv('TABLE_NAME'));
const register = new DynamoRegisterStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  requireDataProtectionOfficer(principal);
  const body = erasureRequestSchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const grouped = byCase(await subjectMatches(body.data.subject, store));
  if (body.data.caseId !== undefined) {
    for (const caseId of grouped.keys()) if (caseId !== body.data.caseId) grouped.delete(caseId);
    if (grouped.size === 0) throw new HttpProblem(404, 'subjectNotFound');
  }
  const now = clock.now();
  const trigger = { kind: 'request' as const, ...(body.data.legalGround ? { ground: body.data.legalGround } : {}) };
  // Every case is checked before anything is erased: an open case without a ground refuses the whole request.
  const plans: { held: CaseHoldings; plan: NonNullable<ReturnType<typeof planCaseErasure>> }[] = [];
  const needGround: string[] = [];
  const experts: string[] = [];
  for (const [caseId, personIds] of grouped) {
    const held = await store.holdings(caseId);
    if (!held) continue;
    if (held.case.caseType === 'diaspora-expert') experts.push(caseId);
    try {
      const plan = planCaseErasure({
        found: held.case,
        persons: held.persons,
        personIds,
        trigger,
        actor: { kind: 'staff', id: principal.sub },
        now,
      });
      if (plan) plans.push({ held, plan });
    } catch (error) {
      if (!(error instanceof ErasureNeedsLegalGround)) throw error;
      needGround.push(caseId);
    }
  }
  if (needGround.length > 0) throw new ErasureNeedsLegalGround(needGround);
  for (const { held, plan } of plans) {
    if (!(await store.erase(held, plan))) throw new HttpProblem(409, 'conflict');
  }
  // An erased expert leaves the register and their case closes: for every expert case concerned,
  // erased now or by an earlier request (a request repeated after a failure completes it).
  for (const caseId of experts)
    await withdrawErasedExpert({ caseId, actor: { kind: 'staff', id: principal.sub } }, { store: cases, register, now: clock.now });
  logger.info('person data erased', { by: principal.sub, cases: plans.length, ground: body.data.legalGround ?? 'case-closed' });
  return json(200, {
    erased: plans.map(({ plan }) => ({ caseId: plan.caseId, personIds: plan.personIds, anonymised: plan.anonymised })),
    alreadyErased: [...grouped.keys()].filter((caseId) => !plans.some(({ plan }) => plan.caseId === caseId)),
  });
});
