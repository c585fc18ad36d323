// Configuration read once at cold start. A missing variable fails the cold start, not a request.
import { getStringFromEnv } from '@aws-lambda-powertools/commons/utils/env';

export function requiredEnv(key: string): string {
  return getStringFromEnv({ key, errorMessage: `Missing environment variable ${key}` });
}

export function optionalEnv(key: string): string | undefined {
  const value = process.env[key];
  return value === undefined || value === '' ? undefined : value;
}

/** A JSON object mapping names to strings, e.g. WORKFLOW_ARNS={"avrr":"arn:..."}. */
export function jsonMapEnv(key: string): Record<string, string> {
  const raw = optionalEnv(key);
  if (raw === undefined) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Environment variable ${key} must be a JSON object`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string') throw new Error(`Environment variable ${key}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

/** The law 09-08 notice's deployment values (set by CDK from `casework:*` context values). */
export function noticeConfigFromEnv() {
  return {
    controllerName: requiredEnv('CONTROLLER_NAME'),
    dataProtectionContact: requiredEnv('DATA_PROTECTION_CONTACT'),
    cndpReference: requiredEnv('CNDP_REFERENCE'),
  };
}
