// The diaspora experts' register over HTTP on the local system: a registration verified by staff is
// listed and found by a search with its reasons; a change of availability moves an expert in and out
// of a window; a withdrawal takes them out at once and closes the case; three experts ranked in the
// right order; the client's mistakes (422 localized, a bad cursor 400, a partner 403).
import { describe, expect, it } from 'vitest';
import { expertScenario, registration, verification } from '../support/expert-driver.ts';
import { devToken, http } from '../support/local-system.ts';

const driver = expertScenario();
const SKILLS = ['Chirurgie pédiatrique', 'Formation de personnel soignant'];
const WINDOW = 'from=2026-08-01&to=2026-08-31';
const QUERY = `skill=${encodeURIComponent('chirurgie pediatrique')}&skill=${encodeURIComponent('Formation de personnel soignant')}&language=fr&language=ar&${WINDOW}`;

describe('the experts’ register', () => {
  it('a verified expert is listed and found with reasons; availability moves them in and out; a withdrawal removes them', async () => {
    const caseId = await driver.listed(SKILLS, ['fr', 'ar']);
    expect((await driver.view(caseId)).status).toBe('open');
    const found = await driver.found(QUERY);
    expect(found.map((e) => e.expertId)).toEqual([caseId]);
    expect(found[0]!.reasons.map((r) => `${r.criterion}:${r.value}`)).toEqual([
      'skill:chirurgie pediatrique',
      'skill:formation de personnel soignant',
      'language:fr',
      'language:ar',
      'availability:2026-07-01/2027-06-30',
    ]);

    // Out of the window, then back in.
    const moved = await driver.availability(caseId, [{ from: '2026-10-01', to: '2026-12-31', mode: 'remote' }], 1);
    expect(moved.status, moved.text).toBe(200);
    expect(await driver.found(QUERY)).toEqual([]);
    expect((await driver.availability(caseId, [], 1)).status).toBe(409); // stale version
    const back = await driver.availability(caseId, [{ from: '2026-08-15', to: '2026-09-15', mode: 'remote' }], 2);
    expect(back.status, back.text).toBe(200);
    expect((await driver.found(QUERY))[0]).toMatchObject({ expertId: caseId });
    expect((await driver.found(`${QUERY}&mode=on-site`)).map((e) => e.expertId)).toEqual([]);

    const withdrawn = await driver.withdraw(caseId);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(await driver.found(QUERY)).toEqual([]);
    const view = await driver.view(caseId);
    expect(view).toMatchObject({ status: 'closed', closureReason: 'withdrawn-from-register' });
    expect((await driver.withdraw(caseId)).status).toBe(409);
    const history = await driver.history(caseId);
    expect(history.map((e) => e.type)).toEqual(expect.arrayContaining(['expert.availability-changed', 'case.closed']));
    expect(JSON.stringify(history)).not.toContain('Chirurgie');
  }, 120_000);

  it('a caseworker search ranks three experts in the right order, and leaves out a rejected one', async () => {
    const skill = `Hydrologie ${Date.now()}`;
    const other = `Télédétection ${Date.now()}`;
    const best = await driver.listed([skill, other], ['fr', 'ar'], registration({ countryOfResidence: 'BE' }));
    const second = await driver.listed([skill, other], ['fr'], registration({ countryOfResidence: 'BE' }));
    const third = await driver.listed([skill], ['ar', 'en'], registration({ countryOfResidence: 'BE' }));
    const rejected = await driver.register(registration({ countryOfResidence: 'BE' }));
    await driver.step(rejected, 'expert-verification', 'caseworker', verification('rejected'));
    const query = `skill=${encodeURIComponent(skill)},${encodeURIComponent(other)}&language=fr,ar&country=BE&${WINDOW}`;
    const ranked = await driver.found(query);
    expect(ranked.map((e) => e.expertId)).toEqual([best, second, third]);
    expect(ranked.map((e) => e.score)).toEqual([200 + 20 + 5, 200 + 10 + 5, 100 + 10 + 5]);
    expect(ranked[2]!.reasons).toContainEqual({ criterion: 'country', value: 'BE' });

    // Paged two at a time: the cursor leads to the third; a forged one is 400.
    const page = await driver.search(`${query}&limit=2`);
    expect(page.status, page.text).toBe(200);
    const { items, next } = page.body as { items: { expertId: string }[]; next: string };
    expect(items.map((e) => e.expertId)).toEqual([best, second]);
    const rest = await driver.found(`${query}&limit=2&cursor=${next}`);
    expect(rest.map((e) => e.expertId)).toEqual([third]);
    const bad = await driver.search(`${query}&cursor=bm90LWEtY3Vyc29y`);
    expect(bad.status, bad.text).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const otherQuery = await driver.search(`skill=${encodeURIComponent(skill)}&cursor=${next}`);
    expect(otherQuery.status).toBe(400);
  }, 120_000);

  it('bad query parameters are a 422 listing every error, in the caller’s language; partners are refused', async () => {
    const response = await driver.search('from=2026-08-01&mode=teleport&limit=0', 'caseworker', 'ar');
    expect(response.status, response.text).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('content-language')).toBe('ar');
    const { errors } = response.body as { errors: { pointer?: string; path?: string; message: string }[] };
    expect(errors.length).toBe(4);
    expect(errors.some((e) => /[\u0600-\u06FF]/.test(e.message))).toBe(true);
    const english = await driver.search('sector=health&from=2026-08-01', 'caseworker', 'en');
    expect(english.status).toBe(422);
    expect(JSON.stringify(english.body)).toContain('give both dates');

    const partner = await devToken(driver.system, 'partner-user', ['partner'], 'asso-jeunesse-avenir-sale');
    const refused = await http(driver.system, 'GET', '/register/experts?sector=health', { token: partner });
    expect(refused.status).toBe(403);
  });
});
