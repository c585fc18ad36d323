// Partner associations for tests over HTTP: a realistic record, created through the API as an
// administrator or supervisor would (POST /associations). Tests create the associations they use:
// nothing is seeded behind their back. Plain fetch: the authorization matrix (rendered outside
// vitest by `npm run docs:authorization`) imports the example body from here.

export interface AssociationBody {
  associationId: string;
  name: string;
  city: string;
  registrationNumber: string;
  contactPeople: { givenNames: string; familyName: string; position: string; phone?: string; email?: string }[];
}

/** A realistic association's body, under the given id. */
export function exampleAssociationBody(
  associationId: string,
  overrides: Partial<Omit<AssociationBody, 'associationId'>> = {},
): AssociationBody {
  return {
    associationId,
    name: 'Association Jeunesse Avenir Salé',
    city: 'sale',
    registrationNumber: 'SALE-2014-0387',
    contactPeople: [
      { givenNames: 'Naima', familyName: 'Bennani', position: 'Présidente', phone: '+212661112233', email: 'contact@jeunesse-avenir.ma' },
      { givenNames: 'Youssef', familyName: 'Tazi', position: 'Coordinateur du programme jeunes', phone: '+212662445566' },
    ],
    ...overrides,
  };
}

/**
 * Creates the association (an admin's or supervisor's token): 201, or 409 when a test already
 * created it. Answers the record as stored (read back on a 409).
 */
export async function createAssociation(
  baseUrl: string | { url: string },
  token: string,
  associationId: string,
  overrides: Partial<Omit<AssociationBody, 'associationId'>> = {},
): Promise<{ associationId: string; version: number; status: string } & Record<string, unknown>> {
  const url = typeof baseUrl === 'string' ? baseUrl : baseUrl.url;
  const call = async (method: string, pathname: string, body?: unknown) => {
    const response = await fetch(`${url}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, text: await response.text() };
  };
  const created = await call('POST', '/associations', exampleAssociationBody(associationId, overrides));
  if (created.status === 201) return JSON.parse(created.text) as never;
  if (created.status !== 409) throw new Error(`creating association ${associationId}: ${created.status} ${created.text}`);
  const read = await call('GET', `/associations/${associationId}`);
  if (read.status !== 200) throw new Error(`reading association ${associationId}: ${read.status} ${read.text}`);
  return JSON.parse(read.text) as never;
}

const registered = new Map<string, Promise<unknown>>();

/**
 * A token for a user of a partner association that is registered and active: a partner user acts
 * for their association only while it is (functions/commons/auth.ts). Registers it once per system
 * (as an administrator would), then mints the user's dev token.
 */
export async function registeredPartnerToken(baseUrl: string | { url: string }, sub: string, partnerId: string): Promise<string> {
  const url = typeof baseUrl === 'string' ? baseUrl : baseUrl.url;
  const mint = async (body: Record<string, unknown>) => {
    const response = await fetch(`${url}/_local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const key = `${url} ${partnerId}`;
  if (!registered.has(key)) {
    registered.set(
      key,
      mint({ sub: 'registrar-admin', groups: ['admin'] }).then((admin) => createAssociation(url, admin, partnerId)),
    );
  }
  try {
    await registered.get(key);
  } catch (error) {
    registered.delete(key);
    throw error;
  }
  return mint({ sub, groups: ['partner'], partnerId });
}
