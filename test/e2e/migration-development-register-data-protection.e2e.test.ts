// The experts' register follows the data-protection rules, over HTTP on the local system: an expert
// whose consent to be contacted is revoked stays findable, shown without it (and with it again once
// given back: matching proposes only experts who have it); an expert whose data the data-protection
// officer erases leaves the register at once (no search finds them) and their case closes.
import { describe, expect, it } from 'vitest';
import { expertScenario, registration } from '../support/expert-driver.ts';
import { devToken, http } from '../support/local-system.ts';

const driver = expertScenario();
const WINDOW = 'from=2026-08-01&to=2026-08-31';

describe('the experts’ register and data protection', () => {
  it('a consent to be contacted revoked, then given again, is the entry’s; an erasure withdraws the entry and closes the case', async () => {
    const skill = `Géotechnique ${Date.now()}`;
    const caseId = await driver.listed([skill], ['fr'], registration({ countryOfResidence: 'CA' }));
    const query = `skill=${encodeURIComponent(skill)}&language=fr&${WINDOW}`;
    const contactable = async () =>
      (await driver.found(query)).map((e) => [e.expertId, (e as { consentToContact?: boolean }).consentToContact]);
    expect(await contactable()).toEqual([[caseId, true]]);

    const caseworker = await driver.token('caseworker');
    const change = async (action: 'revoke' | 'grant') => {
      const response = await http(driver.system, 'POST', `/cases/${caseId}/consents`, {
        token: caseworker,
        body: { action, purpose: 'follow-up-contact' },
      });
      expect(response.status, response.text).toBe(200);
    };
    await change('revoke');
    expect(await contactable()).toEqual([[caseId, false]]);
    await change('grant');
    expect(await contactable()).toEqual([[caseId, true]]);

    const dpo = await devToken(driver.system, 'dpo-1', ['data-protection']);
    const erased = await http(driver.system, 'POST', '/data-protection/erasures', {
      token: dpo,
      body: { subject: { caseId }, legalGround: 'data-subject-objection' },
    });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toMatchObject({ erased: [{ caseId }] });
    expect(await driver.found(query)).toEqual([]);
    expect(await driver.found(`country=CA&${WINDOW}`)).toEqual([]);
    expect(await driver.view(caseId)).toMatchObject({ status: 'closed', closureReason: 'expert-data-erased' });
    expect((await driver.withdraw(caseId)).status).toBe(409); // no longer listed
    const history = await driver.history(caseId);
    expect(history.map((e) => e.type)).toEqual(expect.arrayContaining(['person.erased', 'case.closed']));

    // A repeat changes nothing.
    const again = await http(driver.system, 'POST', '/data-protection/erasures', {
      token: dpo,
      body: { subject: { caseId }, legalGround: 'data-subject-objection' },
    });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ erased: [], alreadyErased: [caseId] });
  }, 120_000);
});
