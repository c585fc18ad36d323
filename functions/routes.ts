// The HTTP routes of the API: one Lambda function per route. CDK wires them, the local runtime
// reads them back from the synthesized template, and the OpenAPI document lists them.

/** The DynamoDB actions a function may be granted (never Scan); infra turns them into IAM statements. */
export type DynamoAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

export interface RouteDefinition {
  /** CDK id of the function. */
  functionId: string;
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path with {params}. */
  path: string;
  entry: string;
  description: string;
  /** public: anyone (throttled); staff: a valid JWT from the staff directory. */
  access: 'public' | 'staff';
  table?: DynamoAction[];
  /** Indexes of the table the function queries (granted with the table actions). */
  indexes?: string[];
  /** What the function does to case workflows: start phases, answer task tokens, stop executions. */
  workflows?: ('start' | 'callback' | 'stop')[];
  /**
   * What the function does with the most sensitive answers (`x-sensitive` fields, raw bodies):
   * 'encrypt' to write them (kms:GenerateDataKey on the field key), 'decrypt' to show them
   * (kms:Decrypt). Infra turns each into a grant and sets FIELD_KEY_ARN; a function without it
   * reads persons without those answers. Add it only to a function that must write or show them
   * (e.g. a data-subject export: 'decrypt'; a correction: both). docs/encryption.md
   */
  sensitiveData?: ('encrypt' | 'decrypt')[];
  /**
   * The function hands out and takes pagination cursors (functions/commons/cursor.ts): infra sets
   * CURSOR_KEY_SECRET_ARN and grants reading that one secret.
   */
  pageCursors?: true;
  /**
   * The function reads the staff directory (functions/commons/staff-directory.ts): infra sets
   * USER_POOL_ID and grants the Cognito reads it makes on that pool only (AdminGetUser,
   * AdminListGroupsForUser, ListUsersInGroup).
   */
  staffDirectory?: true;
}

export const routes: RouteDefinition[] = [
  {
    functionId: 'ListForms',
    method: 'GET',
    path: '/forms',
    entry: 'functions/list-forms/handler.ts',
    description: 'Lists the forms that can be submitted, with their versions',
    access: 'public',
  },
  {
    functionId: 'GetForm',
    method: 'GET',
    path: '/forms/{formId}',
    entry: 'functions/get-form/handler.ts',
    description: 'One form: JSON Schema, labels in fr/ar/en, examples',
    access: 'public',
  },
  {
    functionId: 'SubmitForm',
    method: 'POST',
    path: '/forms/{formId}/submissions',
    entry: 'functions/submit-form/handler.ts',
    description: 'Accepts a submission idempotently and opens a case',
    access: 'public',
    // No Query: match suggestions are made from the table's stream (infra/constructs/match-suggester.ts).
    table: ['GetItem', 'UpdateItem', 'PutItem', 'ConditionCheckItem'],
    sensitiveData: ['encrypt'],
  },
  {
    functionId: 'SubmitPartnerForm',
    method: 'POST',
    path: '/partner/forms/{formId}/submissions',
    entry: 'functions/submit-partner-form/handler.ts',
    description: 'A partner association’s staff submit a form for their own association: the case is the association’s',
    access: 'staff',
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'ConditionCheckItem'],
    sensitiveData: ['encrypt'],
  },
  {
    functionId: 'SubmitAssociationForm',
    method: 'POST',
    path: '/associations/{associationId}/forms/{formId}/submissions',
    entry: 'functions/submit-association-form/handler.ts',
    description:
      'An association’s form (youth enrolment, capacity assessment) submitted for it by mission staff on its behalf, or by its own staff: the case is the association’s',
    access: 'staff',
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'ConditionCheckItem'],
    sensitiveData: ['encrypt'],
  },
  {
    functionId: 'CreateAssociation',
    method: 'POST',
    path: '/associations',
    entry: 'functions/create-association/handler.ts',
    description: 'Registers a partner association (administrators, supervisors): its id is the one set on its users in the directory',
    access: 'staff',
    table: ['PutItem'],
  },
  {
    functionId: 'ListAssociations',
    pageCursors: true,
    method: 'GET',
    path: '/associations',
    entry: 'functions/list-associations/handler.ts',
    description: 'The partner associations by id: every one for mission staff, its own for a partner user',
    access: 'staff',
    table: ['GetItem', 'Query'],
  },
  {
    functionId: 'GetAssociation',
    method: 'GET',
    path: '/associations/{associationId}',
    entry: 'functions/get-association/handler.ts',
    description: 'One partner association: mission staff, or its own users (any other: 404)',
    access: 'staff',
    table: ['GetItem'],
  },
  {
    functionId: 'UpdateAssociation',
    method: 'PUT',
    path: '/associations/{associationId}',
    entry: 'functions/update-association/handler.ts',
    description:
      'Changes a partner association’s details and contact people, or deactivates / reactivates it, from the version read (administrators, supervisors)',
    access: 'staff',
    table: ['GetItem', 'PutItem'],
  },
  {
    functionId: 'ListAssociationCases',
    pageCursors: true,
    method: 'GET',
    path: '/associations/{associationId}/cases',
    entry: 'functions/list-association-cases/handler.ts',
    description: 'The cases that hang off a partner association, oldest first (ids, reference, case type, stage, status)',
    access: 'staff',
    table: ['GetItem', 'Query', 'BatchGetItem'],
  },
  {
    functionId: 'GetOpenApi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/get-openapi/handler.ts',
    description: 'The OpenAPI 3.1 document, generated from the zod schemas',
    access: 'public',
  },
  {
    functionId: 'GetCase',
    method: 'GET',
    path: '/cases/{caseId}',
    entry: 'functions/get-case/handler.ts',
    description: 'One case with its persons and tasks, for staff and the partner it is shared with (each partner read recorded)',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem'],
    sensitiveData: ['decrypt'],
  },
  {
    functionId: 'GetCaseByReference',
    method: 'GET',
    path: '/cases/by-reference/{reference}',
    entry: 'functions/get-case-by-reference/handler.ts',
    description:
      'A case found by its reference as read over the phone (case, spaces, dashes and leading zeros do not matter): its id, programme, stage and status, for whoever may see it (else 404); recorded in the access log',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem'],
  },
  {
    functionId: 'SearchPersons',
    method: 'POST',
    path: '/persons/searches',
    entry: 'functions/search-persons/handler.ts',
    description:
      'Finds persons by name (any part, any order, Latin or Arabic script, common Maghreb spellings), phone number or identity document number, among the cases the caller sees; recorded in the access log without its terms',
    access: 'staff',
    // Query: the index partitions of the search's keys, and a partner's shares; BatchGetItem: cases and persons; PutItem: the access log.
    table: ['Query', 'BatchGetItem', 'PutItem'],
  },
  {
    functionId: 'GetIndicators',
    method: 'GET',
    path: '/indicators',
    entry: 'functions/get-indicators/handler.ts',
    description:
      'A programme’s indicators for a period, disaggregated as asked (JSON, or CSV with localized headers): exact for supervisors and administrators, small cells suppressed for caseworkers, partner associations (their own figures) and external exports',
    access: 'staff',
    // Query: the programme's counter partition (at most three key ranges) and the work queues by due date. No Scan, no case read.
    table: ['Query'],
  },
  {
    functionId: 'ExportCtdc',
    method: 'GET',
    path: '/indicators/ctdc-export',
    entry: 'functions/export-ctdc/handler.ts',
    description:
      'The trafficking cases in the shape of the Counter Trafficking Data Collaborative’s public data (CSV: banded ages, true/false columns, -99 for missing, no identifier, rare combinations generalised or dropped); supervisors and administrators',
    access: 'staff',
    // Query: the trafficking rows' year partitions.
    table: ['Query'],
  },
  {
    functionId: 'ListCases',
    pageCursors: true,
    method: 'GET',
    path: '/cases',
    entry: 'functions/list-cases/handler.ts',
    description:
      'Queue view: the cases of a programme at a stage, oldest first; a partner, those it sees now (shared with it by an active share, soonest-ending first, then its own)',
    access: 'staff',
    table: ['Query'],
    indexes: ['GSI1'],
  },
  {
    functionId: 'ListNeeds',
    pageCursors: true,
    method: 'GET',
    path: '/needs',
    entry: 'functions/list-needs/handler.ts',
    description:
      "Host institutions' validated needs open for matching, oldest validation first, of one sector or all (mission staff; the need's detail is its case)",
    access: 'staff',
    table: ['Query'],
    indexes: ['GSI1'],
  },
  {
    functionId: 'GetCaseHistory',
    method: 'GET',
    path: '/cases/{caseId}/history',
    entry: 'functions/get-case-history/handler.ts',
    description: 'The timeline of a case, for whoever may see the case (each partner read recorded)',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem'],
  },
  {
    functionId: 'WithdrawCase',
    method: 'POST',
    path: '/cases/{caseId}/withdrawal',
    entry: 'functions/withdraw-case/handler.ts',
    description:
      'Records the applicant’s withdrawal before departure: closes the case and stops its phases before departure (return, travel)',
    access: 'staff',
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'DeleteItem'],
    workflows: ['stop'],
    sensitiveData: ['encrypt'],
  },
  {
    functionId: 'ReferCase',
    method: 'POST',
    path: '/cases/{caseId}/referrals',
    entry: 'functions/refer-case/handler.ts',
    description:
      'Refers a case to another programme (protection → AVRR): opens a linked case with the person’s data carried over, its consent checked, and starts its workflow',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
    // The person's sensitive answers are opened and sealed again under the new case.
    sensitiveData: ['decrypt', 'encrypt'],
  },
  {
    functionId: 'ReopenCase',
    method: 'POST',
    path: '/cases/{caseId}/reopening',
    entry: 'functions/reopen-case/handler.ts',
    description: 'Reopens a closed case of a programme that allows it (protection) for a new need, and starts its workflow again',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
  },
  {
    functionId: 'ShareCase',
    method: 'POST',
    path: '/cases/{caseId}/shares',
    entry: 'functions/share-case/handler.ts',
    description:
      'Shares a case (or one service of it) with a partner association until a date, under the person’s consent to share with it (or a recorded legal ground)',
    access: 'staff',
    table: ['GetItem', 'PutItem', 'ConditionCheckItem'],
  },
  {
    functionId: 'RevokeCaseShare',
    method: 'POST',
    path: '/cases/{caseId}/shares/{shareId}/revoke',
    entry: 'functions/revoke-case-share/handler.ts',
    description:
      'Ends a share or a service referral (pending or accepted): the partner no longer sees the case, its claim on the service’s task ends',
    access: 'staff',
    table: ['Query', 'UpdateItem', 'PutItem'],
  },
  {
    functionId: 'AcceptReferral',
    method: 'POST',
    path: '/cases/{caseId}/shares/{shareId}/accept',
    entry: 'functions/accept-referral/handler.ts',
    description:
      'The partner association a service is referred to accepts it: it sees the case and works on that service’s tasks only; the referrer is told',
    access: 'staff',
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'DeleteItem'],
  },
  {
    functionId: 'RejectReferral',
    method: 'POST',
    path: '/cases/{caseId}/shares/{shareId}/reject',
    entry: 'functions/reject-referral/handler.ts',
    description:
      'The partner association a service is referred to rejects it with a reason code (its own words kept as a case note): nothing is granted; the referrer is told',
    access: 'staff',
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'DeleteItem'],
    sensitiveData: ['encrypt'],
  },
  {
    functionId: 'ChangeConsent',
    method: 'POST',
    path: '/cases/{caseId}/consents',
    entry: 'functions/change-consent/handler.ts',
    description:
      'Records a consent revoked or given later, with its effect: pending beneficiary messages cancelled, shares with the partner end, processing on another recorded ground',
    access: 'staff',
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem'],
  },
  {
    functionId: 'ListTasks',
    pageCursors: true,
    method: 'GET',
    path: '/tasks',
    entry: 'functions/list-tasks/handler.ts',
    description: 'A work queue (mine, a role’s, a partner association’s), earliest due first',
    access: 'staff',
    table: ['Query'],
  },
  {
    functionId: 'GetTask',
    method: 'GET',
    path: '/tasks/{taskId}',
    entry: 'functions/get-task/handler.ts',
    description:
      'One human step: the task, its decision schema with examples, and whether the caller may complete it (each partner read recorded)',
    access: 'staff',
    table: ['GetItem', 'PutItem'],
  },
  {
    functionId: 'ClaimTask',
    method: 'POST',
    path: '/tasks/{taskId}/claim',
    entry: 'functions/claim-task/handler.ts',
    description: 'The caller takes an open task',
    access: 'staff',
    table: ['GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'],
  },
  {
    functionId: 'CompleteTask',
    method: 'POST',
    path: '/tasks/{taskId}/complete',
    entry: 'functions/complete-task/handler.ts',
    description: 'Records the decision of a human step and hands it to the waiting workflow, once',
    access: 'staff',
    table: ['GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'],
    workflows: ['callback'],
  },
  {
    functionId: 'ReassignTask',
    method: 'POST',
    path: '/tasks/{taskId}/reassign',
    entry: 'functions/reassign-task/handler.ts',
    description: 'A supervisor hands an open task to a member of the team who may do its step',
    access: 'staff',
    // Query: the case's shares, when the assignee is a partner association's user.
    table: ['GetItem', 'Query', 'UpdateItem', 'PutItem', 'DeleteItem'],
    staffDirectory: true,
  },
  {
    functionId: 'ListTaskCandidates',
    method: 'GET',
    path: '/tasks/{taskId}/candidates',
    entry: 'functions/list-task-candidates/handler.ts',
    description: 'The members of the team a task may be handed to: the holders of its roles who may do its step (supervisors, admins)',
    access: 'staff',
    table: ['GetItem', 'Query'],
    staffDirectory: true,
  },
  {
    functionId: 'GetCaseAccessLog',
    pageCursors: true,
    method: 'GET',
    path: '/cases/{caseId}/access-log',
    entry: 'functions/get-case-access-log/handler.ts',
    description: 'Every read of a case’s data by staff and partners (the access log), oldest first: data-protection officer only',
    access: 'staff',
    table: ['Query'],
  },
  {
    functionId: 'GetReaderAccessLog',
    pageCursors: true,
    method: 'GET',
    path: '/access-log',
    entry: 'functions/get-reader-access-log/handler.ts',
    description: 'Every read of case data by one person over a time window (the access log), oldest first: data-protection officer only',
    access: 'staff',
    table: ['Query'],
    indexes: ['GSI1'],
  },
  // Data subjects' requests (law 09-08, arts. 7–9): docs/data-protection.md.
  {
    functionId: 'SearchDataSubject',
    method: 'POST',
    path: '/data-protection/searches',
    entry: 'functions/search-data-subject/handler.ts',
    description: 'The data-protection officer finds every case, in every programme, holding a person (by case and/or identifying data)',
    access: 'staff',
    table: ['GetItem', 'Query'],
  },
  {
    functionId: 'ExportPersonData',
    method: 'POST',
    path: '/data-protection/exports',
    entry: 'functions/export-person-data/handler.ts',
    description: 'Everything held about a person across programmes, as JSON with a readable summary; recorded in each case’s history',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem'],
    sensitiveData: ['decrypt'],
  },
  {
    functionId: 'ErasePersonData',
    method: 'POST',
    path: '/data-protection/erasures',
    entry: 'functions/erase-person-data/handler.ts',
    description:
      'Erases a person’s data in every case holding them (or one): the cases keep their facts and history; an open case needs a recorded legal ground',
    access: 'staff',
    // An erased expert's entry is withdrawn (Put, Delete of its index items) and their case closed (Update, Put).
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem'],
  },
  {
    functionId: 'CorrectPerson',
    method: 'POST',
    path: '/cases/{caseId}/persons/{personId}/corrections',
    entry: 'functions/correct-person/handler.ts',
    description:
      'Rectifies a person’s fields (data-protection officer, supervisors): checked by the form’s schema, the old values kept on an audit item only',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
    sensitiveData: ['encrypt', 'decrypt'],
  },
  {
    functionId: 'DecidePersonMatch',
    method: 'POST',
    path: '/cases/{caseId}/persons/{personId}/matches/{matchId}/decisions',
    entry: 'functions/decide-person-match/handler.ts',
    description:
      'Confirms or dismisses a suggested match of a case’s person with a person of another case (caseworkers, supervisors), or undoes a confirmed link (supervisors): never a silent merge',
    access: 'staff',
    table: ['GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'],
  }, // Remittances information (docs/remittances.md): no case, no workflow, no transaction data.
  {
    functionId: 'RecordRemittanceSession',
    method: 'POST',
    path: '/remittances/sessions',
    entry: 'functions/record-remittance-session/handler.ts',
    description:
      'Records a financial-literacy session on remittances (caseworkers, supervisors): day, city, venue, co-organising association, facilitator’s position, topics, attendance by sex and age group',
    access: 'staff',
    // ConditionCheckItem: the co-organising association is registered (same transaction);
    // GetItem: the Idempotency-Key's first answer, replayed.
    table: ['PutItem', 'ConditionCheckItem', 'GetItem'],
  },
  {
    functionId: 'ListRemittanceSessions',
    pageCursors: true,
    method: 'GET',
    path: '/remittances/sessions',
    entry: 'functions/list-remittance-sessions/handler.ts',
    description:
      'The financial-literacy sessions of a period (and city), by date, with attendance totals by sex and age group (mission staff)',
    access: 'staff',
    table: ['Query'],
    indexes: ['GSI1'],
  },
  {
    functionId: 'ImportCorridorPrices',
    method: 'POST',
    path: '/remittances/corridor-prices',
    entry: 'functions/import-corridor-prices/handler.ts',
    description:
      'Imports a remittance corridor price snapshot file (text/csv; supervisors, administrators): every row checked, nothing stored if one is bad; a re-import replaces',
    access: 'staff',
    table: ['PutItem'],
  },
  {
    functionId: 'ListCorridorPrices',
    method: 'GET',
    path: '/remittances/corridor-prices',
    entry: 'functions/list-corridor-prices/handler.ts',
    description: 'A remittance corridor’s prices in a quarter, cheapest first, flagged against the SDG 10.c target of 3 % (mission staff)',
    access: 'staff',
    table: ['Query'],
  },
  {
    functionId: 'SearchExperts',
    pageCursors: true,
    method: 'GET',
    path: '/register/experts',
    entry: 'functions/search-experts/handler.ts',
    description:
      'Searches the diaspora experts’ register (mission staff) by sector, skill, language, country and availability window: the index partition of the most selective criterion, ranked by fit with the reasons, paginated',
    access: 'staff',
    table: ['Query'],
  },
  {
    functionId: 'ChangeExpertAvailability',
    method: 'POST',
    path: '/experts/{caseId}/availability',
    entry: 'functions/change-expert-availability/handler.ts',
    description: 'Replaces a listed expert’s availability windows (mission staff), from the register entry’s version read',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
  },
  {
    functionId: 'WithdrawExpert',
    method: 'POST',
    path: '/experts/{caseId}/withdrawal',
    entry: 'functions/withdraw-expert/handler.ts',
    description: 'A listed expert leaves the register (caseworkers, supervisors): out of every search at once, the case closed',
    access: 'staff',
    table: ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'],
  },
  {
    functionId: 'ListExpertAssignments',
    method: 'GET',
    path: '/experts/{caseId}/assignments',
    entry: 'functions/list-expert-assignments/handler.ts',
    description: 'The assignments an expert was confirmed for by matching, latest first (mission staff): ids, codes and dates',
    access: 'staff',
    table: ['Query'],
  },
];
