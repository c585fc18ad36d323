// What a client can send at the edges of the API, over HTTP on the local system: a pagination cursor
// it made up or took from another list (a 400, never a 500 from DynamoDB), and a path whose
// percent-encoding is malformed (a 400 from the gateway, as API Gateway answers it).
import { describe, expect, it } from 'vitest';
import { http } from '../support/local-system.ts';
import { avrrScenario } from '../support/avrr-driver.ts';

const driver = avrrScenario();

type Page = { items: { caseId?: string; taskId?: string }[]; next?: string };

/** Every page of a list, following `next`, one entry per page. */
async function allPages(pathname: string, token: string): Promise<{ pages: Page[]; ids: string[] }> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const separator = pathname.includes('?') ? '&' : '?';
    const response = await http(
      driver.system,
      'GET',
      `${pathname}${separator}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        token,
      },
    );
    expect(response.status, response.text).toBe(200);
    const page = response.body as Page;
    pages.push(page);
    cursor = page.next;
  } while (cursor && pages.length < 20);
  return { pages, ids: pages.flatMap((page) => page.items.map((item) => item.caseId ?? item.taskId ?? '')) };
}

/** Unsigned DynamoDB keys of the right queue, shaped as the cursors of before, with an empty key value DynamoDB refuses. */
const craftedCase = (stage: string) =>
  Buffer.from(JSON.stringify({ PK: '', SK: '', GSI1PK: `QUEUE#avrr#${stage}`, GSI1SK: '' })).toString('base64url');
const craftedTask = Buffer.from(JSON.stringify({ PK: 'TASKQ#ROLE#caseworker', SK: '' })).toString('base64url');

function expectInvalidCursor(response: { status: number; headers: Headers; body: unknown; text: string }) {
  expect(response.status, response.text).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({
    type: 'urn:casework:problem:invalidCursor',
    status: 400,
    errors: [{ pointer: '/cursor', code: 'invalid_cursor' }],
  });
}

describe('pagination cursors', () => {
  let stage = '';
  const caseIds: string[] = [];

  it('pages still follow each other on /cases and /tasks, every entry once', async () => {
    for (let i = 0; i < 3; i++) caseIds.push(await driver.apply());
    for (const caseId of caseIds) await driver.waitUntil(caseId, (view) => view.tasks.some((task) => task.status === 'open'), 'a task');
    stage = (await driver.view(caseIds[0]!)).stage;
    const supervisor = await driver.token('supervisor');
    const cases = await allPages(`/cases?programme=avrr&stage=${stage}`, supervisor);
    expect(cases.ids.filter((id) => caseIds.includes(id)).sort()).toEqual([...caseIds].sort());
    expect(new Set(cases.ids).size).toBe(cases.ids.length);

    const caseworker = await driver.token('caseworker');
    const tasks = await allPages('/tasks?queue=role&role=caseworker', caseworker);
    expect(tasks.ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tasks.ids).size).toBe(tasks.ids.length);
  }, 180_000);

  it('a crafted cursor is a 400 problem pointing at the cursor parameter, on /cases and on /tasks (was a 500)', async () => {
    const supervisor = await driver.token('supervisor');
    expectInvalidCursor(
      await http(driver.system, 'GET', `/cases?programme=avrr&stage=${stage}&cursor=${craftedCase(stage)}`, { token: supervisor }),
    );
    const caseworker = await driver.token('caseworker');
    expectInvalidCursor(await http(driver.system, 'GET', `/tasks?queue=role&role=caseworker&cursor=${craftedTask}`, { token: caseworker }));
    const arabic = await http(driver.system, 'GET', `/tasks?queue=role&role=caseworker&cursor=not-a-cursor`, {
      token: caseworker,
      headers: { 'accept-language': 'ar' },
    });
    expectInvalidCursor(arabic);
    expect(arabic.headers.get('content-language')).toBe('ar');
  });

  it('a real cursor of one list is refused on another, and with other filters', async () => {
    const supervisor = await driver.token('supervisor');
    const first = await http(driver.system, 'GET', `/cases?programme=avrr&stage=${stage}&limit=1`, { token: supervisor });
    const next = (first.body as Page).next!;
    expect(next).toBeTruthy();
    const caseworker = await driver.token('caseworker');
    expectInvalidCursor(await http(driver.system, 'GET', `/tasks?queue=role&role=caseworker&cursor=${next}`, { token: caseworker }));
    expectInvalidCursor(await http(driver.system, 'GET', `/cases?programme=avrr&stage=approval&cursor=${next}`, { token: supervisor }));
    // A changed character anywhere is refused.
    const flipped = next.slice(0, 10) + (next[10] === 'A' ? 'B' : 'A') + next.slice(11);
    expectInvalidCursor(await http(driver.system, 'GET', `/cases?programme=avrr&stage=${stage}&cursor=${flipped}`, { token: supervisor }));
  });
});

describe('a path with malformed percent-encoding', () => {
  it('is a 400 from the gateway, as API Gateway answers it, on every {id} route (was a 500)', async () => {
    const supervisor = await driver.token('supervisor');
    for (const pathname of ['/cases/%E0%A4%A', '/cases/%ZZ/history', '/tasks/%/complete', '/forms/%C3']) {
      const method = pathname.endsWith('/complete') ? 'POST' : 'GET';
      const response = await http(driver.system, method, pathname, { token: supervisor, ...(method === 'POST' ? { body: {} } : {}) });
      expect(response.status, `${pathname}: ${response.text}`).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.body).toEqual({ message: 'Bad Request' });
    }
    // A well-formed encoding still reaches the function: an unknown case ('1' encoded as %31).
    const encoded = await http(driver.system, 'GET', '/cases/%3111111111-2222-4333-8444-555555555555', { token: supervisor });
    expect(encoded.status, encoded.text).toBe(404);
  });
});
