// POST /cases/{caseId}/consents — mission staff record a consent revoked, or given later: the
// case's consent records and flags change with their effect (beneficiary messages planned before a
// revocation are cancelled; shares with the partner end; processing goes on only on another legal
// ground, recorded), all in the history.
import { documentClient } from '../commons/clients.ts';
import { clock } from '../commons/clock.ts';
import { requiredEnv } from '../commons/config.ts';
import { principalOf } from '../commons/auth.ts';
import { hasAnyRole } from '../../domain/access/roles.ts';
import { httpHandler, json, pathParameters, readJsonBody } from '../commons/http.ts';
import { HttpProblem, invalidRequest } from '../commons/problems.ts';
import { casePathSchema, consentChangeSchema } from '../commons/api-schemas.ts';
import { logger } from '../commons/powertools.ts';
import { getCase } from '../adapters/dynamodb/case-reader.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { openTasksOfCase } from '../adapters/dynamodb/task-store.ts';
import { changeConsent, ConsentChangeRefused } from '../../domain/consent/consents.ts';
import { DynamoRegisterStore } from '../adapters/dynamodb/register-store.ts';
import { withConsentToContact } from '../../domain/migration-development/register.ts';

const tableName = requiredEnv('TABLE_NAME');
const shares = new DynamoShareStore(documentClient, tableName);
const register = new DynamoRegisterStore(documentClient, tableName);
/** Reads and writes of a consent change before a conflict is the client's to resolve. */
const ATTEMPTS = 3;

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  if (!hasAnyRole(principal, 'caseworker', 'supervisor')) throw new HttpProblem(403, 'roleNotAllowed');
  const { caseId } = pathParameters(event, casePathSchema);
  const body = consentChangeSchema.safeParse(readJsonBody(event, 8192, language).value);
  if (!body.success) throw invalidRequest(422, body.error.issues, language);
  // The person's decision applies to the case as it is when it is written: when the case changed
  // between the read and the write (its workflow moving on, a share), it is read again and the
  // change applied again, a few times, before the client is told of a conflict.
  let change: ReturnType<typeof changeConsent> | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS && change === undefined; attempt++) {
    // The case first, then its shares: a share changed in between changes the case's version, and
    // the write below then fails rather than working from stale shares.
    const [found, openTasks] = await Promise.all([
      getCase(documentClient, tableName, caseId, true),
      body.data.purpose === 'follow-up-contact' ? openTasksOfCase(documentClient, tableName, caseId) : [],
    ]);
    if (!found) throw new HttpProblem(404, 'notFound');
    const caseShares = await shares.sharesOfCase(caseId, true);
    const now = clock.now();
    // Messages to the beneficiary still to come: the reminders of open steps that carry one.
    const pending = openTasks.filter((task) => (task.beneficiaryMessage?.reminderAt ?? '') > now.toISOString()).length;
    let attempted;
    try {
      attempted = changeConsent(found, body.data, caseShares, principal, now, pending);
    } catch (error) {
      // The schema already requires the ground; kept a client error should the two ever drift apart.
      if (error instanceof ConsentChangeRefused) throw new HttpProblem(422, 'requestInvalid', { count: 1 });
      throw error;
    }
    // A diaspora expert's register entry carries their consent to be contacted: changed in the same
    // transaction (conditional on the entry's version, read again on a conflict).
    const entry = found.caseType === 'diaspora-expert' ? await register.get(caseId) : undefined;
    const consented =
      entry?.status === 'listed'
        ? withConsentToContact(entry, attempted.facts.consentFollowUpContact === true, now.toISOString())
        : undefined;
    const stored = await shares.changeConsent(
      found,
      { facts: attempted.facts, consents: attempted.consents },
      attempted.event,
      attempted.endedShares,
      caseShares,
      entry && consented ? register.changeWrites(consented, entry) : [],
    );
    if (stored) change = attempted;
  }
  if (!change) throw new HttpProblem(409, 'conflict');
  logger.info('consent changed', { caseId, action: body.data.action, purpose: body.data.purpose, sharesEnded: change.endedShares.length });
  return json(200, {
    caseId,
    consent: {
      processing: change.facts.consentProcessing ?? null,
      followUpContact: change.facts.consentFollowUpContact ?? null,
      sharingWithPartners: change.facts.consentSharingWithPartners ?? [],
    },
    consents: change.consents,
    effect: change.event.details,
    endedShares: change.endedShares.map(({ share }) => share.shareId),
  });
});
