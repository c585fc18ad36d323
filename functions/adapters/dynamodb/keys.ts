// Every DynamoDB key of the single table is built here and nowhere else.
// Access patterns and the key or index serving each: docs/data-model.md.

export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  gsi2: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ttl: 'expiresAt',
} as const;

export interface ItemKey {
  PK: string;
  SK: string;
}

/** The end of a partner's access to its own cases: they do not end, so they sort after every share's end. */
const NO_END = '9999-12-31T23:59:59.999Z';
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/**
 * How many partitions each day's outbox is spread over: `OUTBOX_SHARDS` (1 to 64), 4 by default.
 * It may only grow (readers read shards 0..N-1 of every day); an invalid value fails the cold start.
 */
export const OUTBOX_SHARDS = outboxShardsFrom(process.env.OUTBOX_SHARDS);

export function outboxShardsFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 4;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`OUTBOX_SHARDS must be an integer from 1 to 64: ${value}`);
  return n;
}

/** A message's shard: FNV-1a of its id, so that a retry of the same message lands on the same key. */
export function outboxShard(messageId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < messageId.length; i++) hash = Math.imul(hash ^ messageId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % shards;
}

export const keys = {
  case: (caseId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: 'CASE' }),
  /** Never written: read after each transaction on DynamoDB Local only (functions/commons/local-commit-barrier.ts). */
  localCommitBarrier: (): ItemKey => ({ PK: 'LOCAL#COMMIT-BARRIER', SK: 'BARRIER' }),
  /** Queue of a programme at a stage, oldest update first. */
  caseQueue: (programme: string, stage: string, updatedAt: string, caseId: string) => ({
    GSI1PK: `QUEUE#${programme}#${stage}`,
    GSI1SK: `${updatedAt}#${caseId}`,
  }),
  /**
   * A partner association's cases of a programme at a stage (GSI2), by the end of its access, soonest
   * first; its own cases (no end) last, oldest update first. `until` is the end of the access a share
   * gives; none for the association's own case.
   */
  partnerCaseList: (
    partnerId: string,
    programme: string,
    stage: string,
    access: { until: string } | { updatedAt: string },
    caseId: string,
  ) => ({
    GSI2PK: `PARTNERCASES#${partnerId}#${programme}#${stage}`,
    GSI2SK: 'until' in access ? `${access.until}#${caseId}` : `${NO_END}#${access.updatedAt}#${caseId}`,
  }),
  /** Lower bound of GSI2SK for the accesses that have not ended at `now` (an ISO instant): `#~` sorts after `#{caseId}`. */
  partnerCaseListAfter: (now: string) => `${now}#~`,
  /** What a case's shares grant one partner association (projected from the shares; see PartnerAccess), listed in GSI2. */
  partnerAccess: (caseId: string, partnerId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `PARTNERACCESS#${partnerId}` }),
  caseReference: (reference: string): ItemKey => ({ PK: `CASEREF#${reference}`, SK: 'CASEREF' }),
  person: (caseId: string, personId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `PERSON#${personId}` }),
  personsOfCase: (caseId: string) => ({ PK: `CASE#${caseId}`, skPrefix: 'PERSON#' }),
  submission: (caseId: string, submissionId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `SUBMISSION#${submissionId}` }),
  /** Free text about the case's people (a withdrawal reason...): personal, apart from the history. */
  note: (caseId: string, noteId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `NOTE#${noteId}` }),
  /** Events sort by time, then id, so a Query returns the timeline in order. */
  caseEvent: (caseId: string, at: string, eventId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `EVENT#${at}#${eventId}` }),
  eventsOfCase: (caseId: string) => ({ PK: `CASE#${caseId}`, skPrefix: 'EVENT#' }),
  /** A sharing of the case (or one of its services) with a partner association. */
  caseShare: (caseId: string, shareId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `SHARE#${shareId}` }),
  sharesOfCase: (caseId: string) => ({ PK: `CASE#${caseId}`, skPrefix: 'SHARE#' }),
  task: (taskId: string): ItemKey => ({ PK: `TASK#${taskId}`, SK: 'TASK' }),
  /** The workflow's token for a task, apart from the task so that no read of a task returns it. */
  taskToken: (taskId: string): ItemKey => ({ PK: `TASK#${taskId}`, SK: 'TOKEN' }),
  /** A task's entry in the case partition: the case's open tasks, and what to cancel on closure. */
  caseTask: (caseId: string, taskId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `TASK#${taskId}` }),
  tasksOfCase: (caseId: string) => ({ PK: `CASE#${caseId}`, skPrefix: 'TASK#' }),
  /** Work queues of open tasks, earliest due (so overdue) first: by role, by assignee, by partner. */
  roleQueue: (role: string, dueAt: string, taskId: string): ItemKey => ({ PK: `TASKQ#ROLE#${role}`, SK: `${dueAt}#${taskId}` }),
  assigneeQueue: (sub: string, dueAt: string, taskId: string): ItemKey => ({ PK: `TASKQ#USER#${sub}`, SK: `${dueAt}#${taskId}` }),
  partnerQueue: (partnerId: string, dueAt: string, taskId: string): ItemKey => ({
    PK: `TASKQ#PARTNER#${partnerId}`,
    SK: `${dueAt}#${taskId}`,
  }),
  queue: (kind: 'ROLE' | 'USER' | 'PARTNER', id: string) => ({ PK: `TASKQ#${kind}#${id}` }),
  /** Notifications waiting to be sent, in time order. */
  /**
   * A notification, in the partition of its day (UTC) and shard (from its id): `OUTBOX_SHARDS`
   * partitions a day, never one partition for everything. docs/scaling.md
   */
  outboxMessage: (at: string, messageId: string, shards: number = OUTBOX_SHARDS): ItemKey => ({
    PK: `OUTBOX#${at.slice(0, 10)}#${outboxShard(messageId, shards)}`,
    SK: `${at}#${messageId}`,
  }),
  /** One of a day's outbox partitions (day `yyyy-mm-dd`, shard 0..OUTBOX_SHARDS-1), in time order. */
  outboxPartition: (day: string, shard: number) => ({ PK: `OUTBOX#${day}#${shard}` }),
  /** The one partition of every notification written before the outbox was spread (read, never written). */
  legacyOutbox: () => ({ PK: 'OUTBOX' }),
  /** A request to start a case's workflow phase, sent from the table's stream (transactional outbox). */
  workflowStart: (caseId: string, phase: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `WORKFLOW#${phase}` }),
  /** A phase started again under its own execution name (a reopening, a follow-up): one item per execution. */
  workflowRestart: (caseId: string, phase: string, executionName: string): ItemKey => ({
    PK: `CASE#${caseId}`,
    SK: `WORKFLOW#${phase}#${executionName}`,
  }),
  /** A request to stop a case's execution, carried out from the table's stream. */
  workflowStop: (caseId: string, executionName: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `WORKFLOWSTOP#${executionName}` }),
  /**
   * The access log, apart from the case history: every read of a case's data, in its own partition
   * per case (kept when the case's own items are erased), and by reader in time order on GSI1.
   */
  accessRecord: (caseId: string, at: string, entryId: string): ItemKey => ({ PK: `ACCESS#CASE#${caseId}`, SK: `${at}#${entryId}` }),
  accessByReader: (sub: string, at: string, entryId: string) => ({ GSI1PK: `ACCESS#READER#${sub}`, GSI1SK: `${at}#${entryId}` }),
  accessLogOfCase: (caseId: string) => ({ PK: `ACCESS#CASE#${caseId}` }),
  /** A person search's own record (no case): in a partition per month, and by reader on GSI1 like every record. */
  accessSearchRecord: (at: string, entryId: string): ItemKey => ({ PK: `ACCESS#SEARCH#${at.slice(0, 7)}`, SK: `${at}#${entryId}` }),
  /** A reader's records between two instants (ISO 8601, inclusive): a GSI1 sort-key range. */
  accessLogOfReader: (sub: string, from: string, to: string) => ({
    GSI1PK: `ACCESS#READER#${sub}`,
    GSI1SKFrom: from,
    // '$' sorts after '#': every record at the instant `to` is inside the range.
    GSI1SKTo: `${to}$`,
  }),
  /**
   * Data subjects' requests (docs/data-protection.md): a person's entry under a one-way hash of their
   * normalised identity (names and date of birth, or a document number), never the identity itself.
   */
  identityEntry: (hash: string, caseId: string, personId: string): ItemKey => ({
    PK: `IDENTITY#${hash}`,
    SK: `CASE#${caseId}#PERSON#${personId}`,
  }),
  identityEntries: (hash: string) => ({ PK: `IDENTITY#${hash}` }),
  /**
   * The person search's index (domain/identity/search.ts, docs/search.md): a person's entry under a
   * one-way hash of each normalised token of their names and of their phone number, never the text.
   */
  searchEntry: (hash: string, caseId: string, personId: string): ItemKey => ({
    PK: `SEARCH#${hash}`,
    SK: `CASE#${caseId}#PERSON#${personId}`,
  }),
  searchEntries: (hash: string) => ({ PK: `SEARCH#${hash}` }),
  /** One person across programmes (domain/identity/matches.ts): a suggestion stored on the new case. */
  matchSuggestion: (caseId: string, matchId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `MATCH#${matchId}` }),
  matchesOfCase: (caseId: string) => ({ PK: `CASE#${caseId}`, skPrefix: 'MATCH#' }),
  /** A pair of persons suggested once, from whichever side: its id is the same from both. */
  matchPair: (matchId: string): ItemKey => ({ PK: `MATCHPAIR#${matchId}`, SK: 'MATCHPAIR' }),
  /** The person records sharing one subject (ids only), written when staff confirm a link. */
  subjectEntry: (subjectId: string, caseId: string, personId: string): ItemKey => ({
    PK: `SUBJECT#${subjectId}`,
    SK: `CASE#${caseId}#PERSON#${personId}`,
  }),
  subjectEntries: (subjectId: string) => ({ PK: `SUBJECT#${subjectId}` }),
  /** The values a correction replaced (personal): apart from the history, erased with the person. */
  correctionAudit: (caseId: string, at: string, auditId: string): ItemKey => ({ PK: `CASE#${caseId}`, SK: `AUDIT#${at}#${auditId}` }),
  /** Closed cases of a programme by closure time: what retention anonymises once their period is over. */
  closedCase: (programme: string, closedAt: string, caseId: string): ItemKey => ({
    PK: `CLOSED#${programme}`,
    SK: `${closedAt}#${caseId}`,
  }),
  closedCases: (programme: string) => ({ PK: `CLOSED#${programme}` }),
  /**
   * A host institution's validated need while it is open for matching (GET /needs): by validation
   * time in one partition, and by sector on GSI1. Written and removed with the case itself.
   */
  needListing: (status: string, sector: string, validatedAt: string, caseId: string) => ({
    PK: `NEEDS#${status}`,
    SK: `${validatedAt}#${caseId}`,
    GSI1PK: `NEEDS#${status}#${sector}`,
    GSI1SK: `${validatedAt}#${caseId}`,
  }),
  needs: (status: string) => ({ PK: `NEEDS#${status}` }),
  needsOfSector: (status: string, sector: string) => ({ GSI1PK: `NEEDS#${status}#${sector}` }),
  /**
   * A qualified national's open skilled-return case at stage `opportunity`, not yet matched: by
   * sector (what a job offer's matching reads). Written and removed with the case itself.
   */
  returneeListing: (sector: string, caseId: string): ItemKey => ({ PK: `RETURNEES#opportunity#${sector}`, SK: `CASE#${caseId}` }),
  returneesOfSector: (sector: string) => ({ PK: `RETURNEES#opportunity#${sector}` }),
  /**
   * Indicators (docs/indicators.md): a programme's counters in one partition, one item per indicator
   * and day (`D#yyyy-mm-dd`) or month (`M#yyyy-mm`), so that a period reads its whole months and the
   * days at its edges in at most three Queries.
   */
  indicatorCounter: (programme: string, bucket: { day: string } | { month: string }, indicator: string): ItemKey => ({
    PK: `INDICATORS#${programme}`,
    SK: 'day' in bucket ? `D#${bucket.day}#${indicator}` : `M#${bucket.month}#${indicator}`,
  }),
  /** A range of a programme's counter buckets (inclusive): `#~` sorts after every indicator id. */
  indicatorCounters: (programme: string, range: { days: { from: string; to: string } } | { months: { from: string; to: string } }) => {
    const [prefix, from, to] = 'days' in range ? ['D', range.days.from, range.days.to] : ['M', range.months.from, range.months.to];
    return { PK: `INDICATORS#${programme}`, SKFrom: `${prefix}#${from}#`, SKTo: `${prefix}#${to}#~` };
  },
  /** A case's contributions as last counted, and the case version they reflect (the consumer's own state). */
  indicatorCase: (caseId: string): ItemKey => ({ PK: `INDCASE#${caseId}`, SK: 'INDCASE' }),
  /** A victim case's de-identified trafficking row (CTDC shape), in the partition of its year of registration. */
  ctdcRow: (year: number, caseId: string): ItemKey => ({ PK: `CTDC#${year}`, SK: `CASE#${caseId}` }),
  ctdcRows: (year: number) => ({ PK: `CTDC#${year}` }),
  /** The whole partition of a case: an export reads it at once. */
  casePartition: (caseId: string) => ({ PK: `CASE#${caseId}` }),
  /**
   * Partner associations (organisation records): few, all in one partition, by id, so that a list
   * is one Query of it (paginated) and never a Scan.
   */
  association: (associationId: string): ItemKey => ({ PK: 'ASSOCIATIONS', SK: `ASSOCIATION#${associationId}` }),
  associations: () => ({ PK: 'ASSOCIATIONS' }),
  /** A case that hangs off an association (its `partnerId`), in the association's partition, oldest first. */
  associationCase: (associationId: string, createdAt: string, caseId: string): ItemKey => ({
    PK: `ASSOCIATION#${associationId}`,
    SK: `CASE#${createdAt}#${caseId}`,
  }),
  casesOfAssociation: (associationId: string) => ({ PK: `ASSOCIATION#${associationId}` }),
  /**
   * Remittances information (docs/remittances.md): the financial-literacy sessions, few, in one
   * partition by date (a period is a key range); in a city's partition of GSI1 by date too.
   */
  remittanceSession: (date: string, sessionId: string): ItemKey => ({ PK: 'REMITTANCE#SESSIONS', SK: `SESSION#${date}#${sessionId}` }),
  remittanceSessions: () => ({ PK: 'REMITTANCE#SESSIONS' }),
  /** The sort key range of the sessions held from one day to another (inclusive). */
  remittanceSessionRange: (from: string, to: string) => ({ from: `SESSION#${from}#`, to: `SESSION#${to}#\uffff` }),
  remittanceSessionsOfCity: (city: string) => ({ GSI1PK: `REMITTANCE#SESSIONS#CITY#${city}` }),
  remittanceSessionInCity: (city: string, date: string, sessionId: string) => ({
    GSI1PK: `REMITTANCE#SESSIONS#CITY#${city}`,
    GSI1SK: `${date}#${sessionId}`,
  }),
  remittanceSessionInCityRange: (from: string, to: string) => ({ from: `${from}#`, to: `${to}#\uffff` }),
  /**
   * A corridor's prices in one quarter (source country → destination, e.g. FR → MA, 2026Q3), one
   * item per provider and instrument: a re-import of the same replaces it.
   */
  corridorPrice: (source: string, destination: string, quarter: string, providerKey: string, instrument: string): ItemKey => ({
    PK: `CORRIDOR#${source}#${destination}#${quarter}`,
    SK: `PRICE#${providerKey}#${instrument}`,
  }),
  corridorPrices: (source: string, destination: string, quarter: string) => ({ PK: `CORRIDOR#${source}#${destination}#${quarter}` }),
  /** The quarters a corridor has prices for, the latest read first. */
  corridorQuarter: (source: string, destination: string, quarter: string): ItemKey => ({
    PK: `CORRIDOR#${source}#${destination}`,
    SK: `QUARTER#${quarter}`,
  }),
  corridorQuarters: (source: string, destination: string) => ({ PK: `CORRIDOR#${source}#${destination}`, skPrefix: 'QUARTER#' }),
  /** A diaspora expert's register entry (ids and codes only), apart from the case's partition. */
  registerEntry: (expertId: string): ItemKey => ({ PK: `EXPERT#${expertId}`, SK: 'REGISTER' }),
  /**
   * The register's search index: one item per listed expert in the partition of each of its skill
   * keys, sectors and its country, the attributes the search filters and ranks on projected. A search
   * Queries the partition of its most selective criterion (domain/migration-development/register.ts).
   */
  registerIndex: (criterion: string, value: string, expertId: string): ItemKey => ({
    PK: `XREG#${criterion}#${value}`,
    SK: `EXPERT#${expertId}`,
  }),
  registerPartition: (criterion: string, value: string) => ({ PK: `XREG#${criterion}#${value}` }),
  /**
   * The register index's sort keys (`EXPERT#{expertId}`) whose id's first 8 hex digits lie in
   * [from, to], as key-condition bounds: `from` absent, from the first key; `to` absent, to the last.
   */
  registerIndexRange: (from?: number, to?: number) => ({
    from: `EXPERT#${from === undefined ? '' : hex8(from)}`,
    to: to === undefined ? 'EXPERT#\uffff' : `EXPERT#${hex8(to)}\uffff`,
  }),
  /** The first 8 hex digits of the expert id of a register index sort key, as a number (undefined: not one). */
  registerIndexIdPrefix: (sortKey: string): number | undefined => {
    const prefix = /^EXPERT#([0-9a-f]{8})/.exec(sortKey)?.[1];
    return prefix === undefined ? undefined : parseInt(prefix, 16);
  },
  /** An expert's assignment to a need, beside the expert's register entry: an expert holds several over the years. */
  assignment: (expertCaseId: string, needCaseId: string): ItemKey => ({ PK: `EXPERT#${expertCaseId}`, SK: `ASSIGNMENT#${needCaseId}` }),
  assignmentsOfExpert: (expertCaseId: string) => ({ PK: `EXPERT#${expertCaseId}`, skPrefix: 'ASSIGNMENT#' }),
  idempotency: (key: string): ItemKey => ({ PK: `IDEMPOTENCY#${key}`, SK: 'IDEMPOTENCY' }),
  /** A financial-literacy session's Idempotency-Key: apart from the submissions' keys. */
  remittanceSessionIdempotency: (key: string): ItemKey => ({ PK: `IDEMPOTENCY#REMITTANCE-SESSION#${key}`, SK: 'IDEMPOTENCY' }),
  referenceCounter: (prefix: string, year: number): ItemKey => ({ PK: `COUNTER#${prefix}#${year}`, SK: 'COUNTER' }),
} as const;
