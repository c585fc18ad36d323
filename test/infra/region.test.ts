// The region is an explicit deployment choice (law 09-08: hosting abroad is a transfer), and a
// deployable synthesis carries the notice's configuration: both refuse to synthesize without.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const noBundling = { 'aws:cdk:bundling-stacks': [] };

describe('the region and the notice configuration', () => {
  it('refuses to synthesize without an explicit region', () => {
    const { ['casework:region']: _region, ...withoutRegion } = LOCAL_CONTEXT;
    expect(() => buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...withoutRegion } })).toThrow(
      /Missing context value casework:region.*law 09-08/,
    );
  });

  it('uses the region chosen in context', () => {
    const { stacks } = buildCaseworkApp({
      nag: false,
      outdir: outdir(),
      context: { ...noBundling, ...LOCAL_CONTEXT, 'casework:region': 'eu-central-1' },
    });
    expect(stacks.data.region).toBe('eu-central-1');
    expect(stacks.api.region).toBe('eu-central-1');
  });

  it('refuses a deployable synthesis without the CNDP reference', () => {
    const { ['casework:cndpReference']: _reference, ...withoutReference } = LOCAL_CONTEXT;
    const previous = process.env.CASEWORK_ACCOUNT;
    process.env.CASEWORK_ACCOUNT = '123456789012';
    try {
      expect(() => buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...withoutReference } })).toThrow(
        /Missing context value casework:cndpReference/,
      );
    } finally {
      if (previous === undefined) delete process.env.CASEWORK_ACCOUNT;
      else process.env.CASEWORK_ACCOUNT = previous;
    }
  });

  it('gives the notice configuration to the form function and to the submission functions, which record the notice shown', () => {
    const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...LOCAL_CONTEXT } });
    const functions = Template.fromStack(stacks.api).findResources('AWS::Lambda::Function');
    const withNotice = Object.values(functions).filter(
      (fn) =>
        (fn as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables?.CNDP_REFERENCE,
    );
    // The form, and every submission route (an association's form too: it failed its cold start without them).
    expect(withNotice).toHaveLength(4);
    for (const fn of withNotice) {
      expect(
        (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables,
      ).toMatchObject({
        CONTROLLER_NAME: LOCAL_CONTEXT['casework:controllerName'],
        DATA_PROTECTION_CONTACT: LOCAL_CONTEXT['casework:dataProtectionContact'],
        CNDP_REFERENCE: LOCAL_CONTEXT['casework:cndpReference'],
      });
    }
    // A whole synthesis: slow when the machine is busy.
  }, 120_000);
});
