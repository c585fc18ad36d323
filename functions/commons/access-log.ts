// The access log as the reading handlers use it: each read of a case's data is recorded before its
// answer leaves. A record that cannot be written fails the read (500/503): a read is never served
// unrecorded. Retention: ACCESS_LOG_RETENTION_DAYS (set by CDK from `casework:accessLogRetentionDays`).
import { accessRecord, type AccessKind, type AccessRecord } from '../../domain/access/access-log.ts';
import { accessLogRetentionDays } from './access-log-config.ts';
import type { Caller } from '../../domain/access/roles.ts';
import { DynamoAccessLog } from '../adapters/dynamodb/access-log.ts';
import { documentClient } from './clients.ts';
import { requiredEnv } from './config.ts';

let log: DynamoAccessLog | undefined;
let retentionDays: number | undefined;

/** Records one read (ids only); rejects when the record cannot be written. */
export function recordAccess(
  reader: Caller,
  read: { what: AccessKind; caseId?: string; taskId?: string; search?: AccessRecord['search'] },
  now: Date,
): Promise<void> {
  log ??= new DynamoAccessLog(documentClient, requiredEnv('TABLE_NAME'));
  retentionDays ??= accessLogRetentionDays();
  return log.record(accessRecord(reader, read, now, retentionDays));
}
