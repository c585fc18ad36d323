// The local stand-in for the Cognito user pool: signs dev JWTs and verifies them as API Gateway's
// JWT authorizer would (issuer, audience, expiry, signature). Its key stays in the data folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';

export const LOCAL_AUDIENCE = 'casework-local';
const alg = 'ES256';

export interface DevTokenRequest {
  sub: string;
  groups: string[];
  partnerId?: string;
}

export class DevIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK,
  ) {}

  static async open(dataDir: string, issuer: string): Promise<DevIssuer> {
    mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'dev-issuer-key.json');
    let pair: { privateJwk: JWK; publicJwk: JWK };
    if (existsSync(file)) {
      pair = JSON.parse(readFileSync(file, 'utf8')) as typeof pair;
    } else {
      const generated = await generateKeyPair(alg, { extractable: true });
      pair = { privateJwk: await exportJWK(generated.privateKey), publicJwk: await exportJWK(generated.publicKey) };
      writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
    }
    const publicJwk = { ...pair.publicJwk, kid: 'local-dev', alg, use: 'sig' };
    return new DevIssuer(
      issuer,
      (await importJWK(pair.privateJwk, alg)) as CryptoKey,
      (await importJWK(pair.publicJwk, alg)) as CryptoKey,
      publicJwk,
    );
  }

  async issue(request: DevTokenRequest, now: Date): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      'cognito:groups': request.groups,
      ...(request.partnerId ? { 'custom:partnerId': request.partnerId } : {}),
      token_use: 'access',
      client_id: LOCAL_AUDIENCE,
    })
      .setProtectedHeader({ alg, kid: 'local-dev', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(request.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 12 * 3600)
      .sign(this.privateKey);
  }

  /** Verifies a bearer token; the local clock decides expiry, as the AWS authorizer's clock would. */
  async verify(token: string, now: Date): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, {
      issuer: this.issuer,
      audience: LOCAL_AUDIENCE,
      currentDate: now,
      algorithms: [alg],
    });
    return payload;
  }
}

/** API Gateway hands claims to the function as strings; arrays become "[a b]". */
export function claimsAsApiGatewayDoes(payload: JWTPayload): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object' && value !== null
          ? JSON.stringify(value)
          : (value as string | number | boolean),
    ]),
  );
}
