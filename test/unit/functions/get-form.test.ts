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
