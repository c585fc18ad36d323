// POST /data-protection/searches — the data-protection officer finds every case, in every
// programme, that holds a person (by case and/or identifying data), before exporting, correcting
// or erasing their data.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, readJsonBody } from '../commons/http.ts';
import { invalidRequest } from '../commons/problems.ts';
import { dataSubjectRequestSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { byCase, requireDataProtectionOfficer, subjectMatches } from '../commons/data-subject.ts';

const store = new DynamoPrivacyStore(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  requireDataProtectionOfficer(principal);
  const body = dataSubjectRequestSchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const grouped = byCase(await subjectMatches(body.data.subject, store));
  const matches = [];
  for (const [caseId, personIds] of grouped) {
    const [found, persons] = await Promise.all([store.getCase(caseId), store.getPersons(caseId)]);
    if (!found) continue;
    for (const person of persons.filter((p) => personIds.includes(p.personId))) {
      matches.push({
        caseId,
        reference: found.reference,
        programme: found.programme,
        status: found.status,
        personId: person.personId,
        role: person.role,
        erased: person.erasedAt !== undefined,
      });
    }
  }
  logger.info('data subject searched', { by: principal.sub, matches: matches.length });
  return json(200, { matches }, { 'cache-control': 'no-store' });
});
