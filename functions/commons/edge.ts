// Requests must come through the CloudFront distribution (and its AWS WAF web ACL): CloudFront
// adds a secret header on its way to the API, and HTTP APIs have no resource policy to restrict
// callers otherwise. Shared by the CDK construct that sets the header and the handlers that check it.
import { timingSafeEqual } from 'node:crypto';

export const EDGE_HEADER = 'x-casework-edge';

/**
 * True when the request carries the edge's secret, or when no secret is configured (the local
 * system, which has no CloudFront in front of it).
 */
export function cameThroughEdge(headers: Record<string, string | undefined> | undefined, secret: string | undefined): boolean {
  if (!secret) return true;
  const given = Buffer.from(headers?.[EDGE_HEADER] ?? '', 'utf8');
  const expected = Buffer.from(secret, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
