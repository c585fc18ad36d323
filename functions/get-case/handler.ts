// GET /cases/{caseId} — one case with its persons and tasks, for staff, or for the partner association it is shared with.
import { documentClient } from '../commons/clients.ts';
import { requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { principalOf } from '../commons/auth.ts';
import { clock } from '../commons/clock.ts';
import { isStaff, partnerOf, type Caller } from '../../domain/access/roles.ts';
import { pendingAttention, workflowView, type CaseLink } from '../../domain/cases/model.ts';
import { consentsVisibleTo, currentConsents } from '../../domain/consent/consents.ts';
import { consentedPartners, isActive, partnerReadEvent, referralStatus, serviceOf, type ShareRecord } from '../../domain/sharing/shares.ts';
import { caseVisibility } from '../../domain/access/cases.ts';
import { httpHandler, json, pathParameters } from '../commons/http.ts';
import { casePathSchema } from '../commons/api-schemas.ts';
import { HttpProblem } from '../commons/problems.ts';
import { logger } from '../commons/powertools.ts';
import { recordAccess } from '../commons/access-log.ts';
import { DynamoCaseReader } from '../adapters/dynamodb/case-reader.ts';
import { DynamoTaskStore } from '../adapters/dynamodb/task-store.ts';
import { DynamoShareStore } from '../adapters/dynamodb/share-store.ts';
import { DynamoPersonLinks } from '../adapters/dynamodb/person-links.ts';
import type { PersonRecord } from '../../domain/cases/model.ts';
import { stepDefinition } from '../../domain/tasks/steps.ts';
import { phaseTitle, programmePhases, programmeTitle } from '../../domain/cases/workflow-labels.ts';

// The one reader of persons that shows their sensitive answers: it opens them (kms:Decrypt).
const cases = new DynamoCaseReader(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());
const casework = new DynamoTaskStore(documentClient, requiredEnv('TABLE_NAME'));
const sharing = new DynamoShareStore(documentClient, requiredEnv('TABLE_NAME'));
const links = new DynamoPersonLinks(documentClient, requiredEnv('TABLE_NAME'));

/**
 * Staff only: per person, the matches suggested at intake still to decide, and the other cases of the
 * same subject (ids, reference, programme, status). A partner sees none of it, nor the subject.
 */
async function withLinks(caseId: string, persons: PersonRecord[]) {
  const [matches, others] = await Promise.all([
    links.matchesOfCase(caseId),
    Promise.all(persons.map((person) => links.otherCasesOf(person))),
  ]);
  return persons.map((person, i) => ({
    ...person,
    matches: matches.filter((m) => m.personId === person.personId && m.status === 'suggested'),
    otherCases: others[i] ?? [],
  }));
}

export const handler = httpHandler(async (event, { language }) => {
  const principal = principalOf(event);
  const { caseId } = pathParameters(event, casePathSchema);
  const [found, shares] = await Promise.all([cases.getCase(caseId), sharing.sharesOfCase(caseId)]);
  const now = clock.now();
  const visibility = found ? caseVisibility(principal, found, shares, now) : 'none';
  // A case the caller may not see is answered like a missing one: its existence is itself sensitive.
  if (!found || visibility === 'none') throw new HttpProblem(404, 'notFound');
  const staff = isStaff(principal);
  const [persons, tasks] = await Promise.all([
    visibility === 'full' ? cases.getPersons(caseId) : [],
    casework.tasksOfCase(caseId),
    // Every read by a partner is recorded in the case's history (ids only).
    ...(staff ? [] : [sharing.recordRead(partnerReadEvent(caseId, principal, 'case', now))]),
    // Every read, by staff or partner, in the access log; the answer waits for it (never unrecorded).
    recordAccess(principal, { what: 'case', caseId }, now),
  ]);
  logger.info('case read', { caseId, by: principal.sub });
  const shownPersons = staff ? await withLinks(caseId, persons) : persons.map(({ subjectId: _subject, ...person }) => person);
  // Consents by purpose: staff see them all and the notice shown at intake; a partner, only what
  // concerns it (never whom else the person agreed to share with). What the shares grant each
  // partner is shown through the shares themselves (staff only).
  const partnerId = staff ? undefined : partnerOf(principal);
  const { notice, partnerAccess: _projection, links, attention, workflow: _workflow, ...record } = found;
  const waiting = pendingAttention(attention);
  const workflow = workflowView(found);
  const view = {
    ...record,
    // The phase the case is in now; `closed` (with the phase it closed in) once it is.
    // with its label and the programme's phases in order (the console's diagram), in the caller's language.
    programmeTitle: programmeTitle(found.programme, language),
    ...(workflow
      ? { workflow: { ...workflow, title: phaseTitle(workflow.phase, language), phases: programmePhases(found.programme, language) } }
      : {}),
    // What needs attention now: the failures a supervisor has not resolved yet.
    ...(waiting.length > 0 ? { attention: waiting } : {}),
    // Links to the person's cases in other programmes: a partner sees only those to cases it may see.
    ...(links ? { links: staff ? links : await linksVisibleTo(principal, links, now) } : {}),
    ...(staff ? {} : { facts: { ...found.facts, consentSharingWithPartners: consentedPartners(found).filter((p) => p === partnerId) } }),
    consents: consentsVisibleTo(currentConsents(found), partnerId),
    ...(staff && notice ? { notice } : {}),
    persons: shownPersons,
    // Each step by its title in the caller's language, beside its id.
    tasks: tasks.map((link) => ({ ...link, title: stepDefinition(link.step)?.title[language] ?? link.step })),
    ...(staff ? { shares: shares.map((share) => ({ ...share, active: isActive(share, now) })) } : {}),
    // A partner association sees the service referrals made to it that stand, to answer them.
    ...(partnerId !== undefined ? { referrals: referralsOf(shares, partnerId, now) } : {}),
  };
  return json(200, view, { 'cache-control': 'no-store' });
});

async function linksVisibleTo(principal: Caller, links: CaseLink[], now: Date): Promise<CaseLink[]> {
  const visible = await Promise.all(
    links.map(async (link) => {
      const [linked, shares] = await Promise.all([cases.getCase(link.caseId), sharing.sharesOfCase(link.caseId)]);
      return linked !== undefined && caseVisibility(principal, linked, shares, now) !== 'none';
    }),
  );
  return links.filter((_, i) => visible[i]);
}

function referralsOf(shares: readonly ShareRecord[], partnerId: string, now: Date) {
  return shares
    .filter((share) => share.partnerId === partnerId && serviceOf(share) !== undefined && isActive(share, now))
    .map((share) => ({ shareId: share.shareId, service: serviceOf(share)!, status: referralStatus(share)!, until: share.until }));
}
