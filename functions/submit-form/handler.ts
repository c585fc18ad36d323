// POST /forms/{formId}/submissions — a web form submits; a case exists. A public submission never
// chooses a partner association.
import { documentClient } from '../commons/clients.ts';
import { noticeConfigFromEnv, requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { httpHandler } from '../commons/http.ts';
import { acceptSubmission } from '../commons/submission.ts';
import { DynamoIntakeStore } from '../adapters/dynamodb/intake-store.ts';

const store = new DynamoIntakeStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());
// Read at cold start: each submission records the notice it was shown (version, language, CNDP reference).
const noticeConfig = noticeConfigFromEnv();
// Match suggestions are made from the table's stream once the case is stored (functions/suggest-matches).

export const handler = httpHandler(async (event, { language }) => acceptSubmission(event, language, store, noticeConfig));
