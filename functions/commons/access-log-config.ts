// The access log's retention, set by CDK (`casework:accessLogRetentionDays`) on the functions that
// record reads; apart from access-log.ts so that infra reads the name without creating SDK clients.
import { DEFAULT_ACCESS_LOG_RETENTION_DAYS } from '../../domain/access/access-log.ts';
import { optionalEnv } from './config.ts';

export const ACCESS_LOG_RETENTION_ENV = 'ACCESS_LOG_RETENTION_DAYS';

/** Days an access record is kept (DynamoDB TTL); the domain's default when unset. */
export function accessLogRetentionDays(): number {
  const raw = optionalEnv(ACCESS_LOG_RETENTION_ENV);
  if (raw === undefined) return DEFAULT_ACCESS_LOG_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`Environment variable ${ACCESS_LOG_RETENTION_ENV} must be a positive integer`);
  return days;
}
