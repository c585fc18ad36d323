// GET /forms/{formId}: the notice in the caller's language with the configured CNDP reference, and
// a cold start without the notice's configuration fails rather than showing an incomplete notice.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpEvent, lambdaContext } from '../../support/events.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const NOTICE_ENV = {
  CONTROLLER_NAME: 'Mission de test',
  DATA_PROTECTION_CONTACT: 'dpo@test.example',
  CNDP_REFERENCE: 'D-GC-123/2026',
};

async function loadHandler() {
  vi.resetModules();
  return (await import('../../../functions/get-form/handler.ts')).handler;
}

afterEach(() => {
  for (const key of Object.keys(NOTICE_ENV)) delete process.env[key];
});

describe('GET /forms/{formId}', () => {
  it('returns the Arabic notice with the configured CNDP reference', async () => {
    Object.assign(process.env, NOTICE_ENV);
    const handler = await loadHandler();
    const result = await handler(
      httpEvent({
        method: 'GET',
        path: '/forms/protection-referral',
        routeKey: 'GET /forms/{formId}',
        headers: { 'accept-language': 'ar' },
        pathParameters: { formId: 'protection-referral' },
      }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(200);
    const { notice } = JSON.parse(result.body!) as { notice: Record<string, string | string[]> };
    expect(notice.cndpReference).toBe('D-GC-123/2026');
    expect(notice.cndpStatement).toMatch(/[\u0600-\u06FF].*D-GC-123\/2026/);
    expect(notice.controller).toContain('Mission de test');
    expect(notice.howToExerciseRights).toContain('dpo@test.example');
    expect((notice.mandatoryAnswers as string[]).every((label) => /[\u0600-\u06FF]/.test(label))).toBe(true);
  });

  it('fails at cold start when the CNDP reference is not configured', async () => {
    Object.assign(process.env, NOTICE_ENV);
    delete process.env.CNDP_REFERENCE;
    await expect(loadHandler()).rejects.toThrow(/CNDP_REFERENCE/);
  });
});

describe('retired versions', () => {
  it('GET /forms lists the capacity assessment’s retired versions (1, 2); other forms have none', async () => {
    Object.assign(process.env, NOTICE_ENV);
    vi.resetModules();
    const { handler } = await import('../../../functions/list-forms/handler.ts');
    const result = await handler(httpEvent({ method: 'GET', path: '/forms', routeKey: 'GET /forms' }), lambdaContext);
    const { forms } = JSON.parse(result.body!) as {
      forms: { id: string; version: number; versions: number[]; retiredVersions?: number[] }[];
    };
    expect(forms.find((f) => f.id === 'association-capacity-assessment')).toMatchObject({
      version: 3,
      versions: [1, 2, 3],
      retiredVersions: [1, 2],
    });
    expect(forms.find((f) => f.id === 'youth-enrolment')).not.toHaveProperty('retiredVersions');
  });

  it('GET /forms/{formId}?version=1 still shows a retired version, marked so', async () => {
    Object.assign(process.env, NOTICE_ENV);
    const handler = await loadHandler();
    const read = (version: string) =>
      handler(
        httpEvent({
          method: 'GET',
          path: '/forms/association-capacity-assessment',
          routeKey: 'GET /forms/{formId}',
          pathParameters: { formId: 'association-capacity-assessment' },
          query: { version },
        }),
        lambdaContext,
      );
    const old = await read('1');
    expect(old.statusCode).toBe(200);
    expect(JSON.parse(old.body!)).toMatchObject({ version: 1, latestVersion: 3, retired: true });
    expect(JSON.parse((await read('3')).body!)).not.toHaveProperty('retired');
  });
});
