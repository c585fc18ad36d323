// Requests must come through the CloudFront distribution (and its AWS WAF web ACL): CloudFront
// adds a secret header on its way to the API, and HTTP APIs have no resource policy to restrict
// callers otherwise. Shared by the CDK construct that sets the header and the handlers that check it.
import { timingSafeEqual } from 'node:crypto';

export const EDGE_HEADER = 'x-casework-edge';
/** The secret's value, given by CDK to every API function (a Secrets Manager dynamic reference). */
export const EDGE_SECRET_ENV = 'EDGE_ORIGIN_SECRET';
/**
 * `off` turns the check off where there is no CloudFront: the local system and the tests only.
 * CDK refuses to synthesize an API function with it (infra/stacks/api-stack.ts).
 */
export const EDGE_CHECK_ENV = 'EDGE_ORIGIN_CHECK';

/** A function without the secret and without the explicit local opt-out: a deployment mistake. */
export class EdgeSecretMissing extends Error {
  constructor() {
    super(`${EDGE_SECRET_ENV} is not set: requests cannot be checked for the edge, so none is served`);
    this.name = 'EdgeSecretMissing';
  }
}

/**
 * True when the request carries the edge's secret. Without a secret, true only where the check is
 * explicitly off (`checkOff`); otherwise it fails closed: EdgeSecretMissing.
 */
export function cameThroughEdge(
  headers: Record<string, string | undefined> | undefined,
  secret: string | undefined,
  checkOff = false,
): boolean {
  if (!secret) {
    if (checkOff) return true;
    throw new EdgeSecretMissing();
  }
  const given = Buffer.from(headers?.[EDGE_HEADER] ?? '', 'utf8');
  const expected = Buffer.from(secret, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
