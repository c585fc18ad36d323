// POST /forms/{formId}/submissions — a web form submits; a case exists. A public submission never
// chooses a partner association.
import { documentClient } from '../commons/clients.ts';
import { noticeConfigFromEnv, requiredEnv } from '../commons/config.ts';
import { fieldCipherFromEnv } from '../commons/sensitive-fields.ts';
import { httpHandler } from '../commons/http.ts';
import { acceptSubmission } from '../commons/submission.ts';
import { DynamoIntakeStore } from '../adapters/dynamodb/intake-store.ts';
import { DynamoPersonLinks } from '../adapters/dynamodb/person-links.ts';

const store = new DynamoIntakeStore(documentClient, requiredEnv('TABLE_NAME'), fieldCipherFromEnv());
// Read at cold start: each submission records the notice it was shown (version, language, CNDP reference).
const noticeConfig = noticeConfigFromEnv();
// The identity index, read after the case is stored: its person's earlier records become suggestions.
const matches = new DynamoPersonLinks(documentClient, requiredEnv('TABLE_NAME'));

export const handler = httpHandler(async (event, { language }) =>
  acceptSubmission(event, language, store, noticeConfig, undefined, matches),
);
