// POST /data-protection/exports — everything held about a person across programmes (law 09-08,
// art. 7), as JSON with a readable summary in the caller's language; the export is recorded in each
// case's history (ids only).
import { randomUUID } from 'node:crypto';
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { httpHandler, json, readJsonBody } from '../commons/http.ts';
import { invalidRequest } from '../commons/problems.ts';
import { dataSubjectRequestSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { DynamoPrivacyStore } from '../adapters/dynamodb/privacy-store.ts';
import { buildPersonExport, exportEvent, type CaseHoldings } from '../../domain/privacy/export.ts';
import { byCase, requireDataProtectionOfficer, subjectMatches } from '../commons/data-subject.ts';

// The sensitive-fields key: an export opens the sensitive answers; a correction keeps them sealed.
/** Cases whose holdings are read at once (each a few Queries and GetItems). */
const CASES_AT_ONCE = 8;
const store = new DynamoPrivacyStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  requireDataProtectionOfficer(principal);
  const body = dataSubjectRequestSchema.safeParse(readJsonBody(event, 4096, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  const grouped = byCase(await subjectMatches(body.data.subject, store));
  // A person may be in dozens of cases: their holdings are read CASES_AT_ONCE cases at a time, in
  // order, so that the export stays well inside the function's timeout.
  const entries = [...grouped];
  const read: (CaseHoldings | undefined)[] = [];
  for (let start = 0; start < entries.length; start += CASES_AT_ONCE) {
    read.push(
      ...(await Promise.all(
        entries.slice(start, start + CASES_AT_ONCE).map(async ([caseId, personIds]) => {
          const held = await store.holdings(caseId);
          if (!held) return undefined;
          // The person's own items and corrections; the rest of the case as it concerns them.
          return {
            ...held,
            persons: held.persons.filter((p) => personIds.includes(p.personId)),
            corrections: held.corrections.filter((c) => personIds.includes(c.personId)),
          };
        }),
      )),
    );
  }
  const holdings = read.filter((held): held is CaseHoldings => held !== undefined);
  const now = clock.now();
  const exportId = randomUUID();
  await store.recordEvents(
    holdings.map((h) =>
      exportEvent(
        h.case.caseId,
        h.persons.map((p) => p.personId),
        exportId,
        principal,
        now,
      ),
    ),
  );
  const document = buildPersonExport(holdings, exportId, language, now);
  logger.info('person data exported', { by: principal.sub, exportId, cases: holdings.length });
  return json(200, document, { 'cache-control': 'no-store', 'content-language': language });
});
