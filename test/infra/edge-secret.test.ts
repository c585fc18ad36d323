// EDGE_ORIGIN_SECRET is required wherever the API is deployed: a synthesis in which an API function
// would not check the edge's header (no secret, or the local-only opt-out) fails with a clear
// message, instead of deploying functions that would serve direct execute-api calls unchecked.
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { ApiStack } from '../../infra/stacks/api-stack.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const context = { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] };
const env = { account: '000000000000', region: 'eu-west-3' };
const notice = { controllerName: 'c', dataProtectionContact: 'd', cndpReference: 'r' };

describe('the edge secret, per deployed stage', () => {
  it('an API stack without the edge (so without the secret) does not synthesize: the message names the variable and the functions', () => {
    const app = new App({ outdir: outdir(), context });
    const data = new DataStack(app, 'Data', { env });
    new ApiStack(app, 'Api', { env, table: data.data.table, sensitiveFieldsKey: data.sensitiveFields.key, notice });
    expect(() => app.synth()).toThrow(/EDGE_ORIGIN_SECRET.*GetForm/s);
  });

  it('a function told not to check (the local-only EDGE_ORIGIN_CHECK=off) does not synthesize either', () => {
    const { app, stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context });
    stacks.api.http.functions.GetCase!.addEnvironment('EDGE_ORIGIN_CHECK', 'off');
    expect(() => app.synth()).toThrow(/EDGE_ORIGIN_CHECK.*GetCase/s);
  });

  it('the app as deployed synthesizes: every API function checks the secret', { timeout: 120_000 }, () => {
    const { app } = buildCaseworkApp({ nag: false, outdir: outdir(), context });
    expect(() => app.synth()).not.toThrow();
  });
});
