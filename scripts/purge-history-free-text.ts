// npm run maintenance:purge-history-free-text -- --table <name> [--apply]
// One-off: moves the free text old history events hold onto case notes (see
// functions/maintenance/purge-history-free-text.ts). A dry run (the default) only counts; --apply
// writes. Prints counts only, never a personal value. Credentials and region from the standard AWS
// variables; AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local. --apply seals the notes with the
// sensitive-fields key (FIELD_KEY_ARN, or LOCAL_FIELD_KEY_FILE locally).
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { purgeHistoryFreeText, type PurgeReport } from '../functions/maintenance/purge-history-free-text.ts';
import { fieldCipherFromEnv } from '../functions/commons/sensitive-fields.ts';

export async function main(argv: string[], print: (line: string) => void = console.log): Promise<PurgeReport> {
  const { values } = parseArgs({
    args: argv,
    options: { table: { type: 'string' }, apply: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.table) throw new Error('--table <name> is required');
  if (values.apply && values['dry-run']) throw new Error('--apply and --dry-run exclude each other');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  try {
    // The notes are sealed like every case note: FIELD_KEY_ARN (the operator may use the key), or
    // LOCAL_FIELD_KEY_FILE against DynamoDB Local.
    const report = await purgeHistoryFreeText(
      client,
      values.table,
      values.apply ? { dryRun: false, sealer: fieldCipherFromEnv() } : { dryRun: true },
    );
    print(JSON.stringify(report));
    return report;
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // The error's class and message only: the job's errors carry no item content.
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : 'failed');
    process.exitCode = 1;
  });
}
