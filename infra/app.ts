// The CDK application: stacks compose constructs, nothing else. Synthesizes offline, without
// credentials: the environment is fixed here.
import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { WorkflowsStack } from './stacks/workflows-stack.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';

export const DEFAULT_REGION = 'eu-west-3';

export interface CaseworkAppOptions extends AppProps {
  /** Run the cdk-nag AwsSolutions checks on synth (on by default). */
  nag?: boolean;
}

export function buildCaseworkApp(options: CaseworkAppOptions = {}) {
  const { nag = true, ...appProps } = options;
  const app = new App(appProps);
  const env = {
    account: process.env.CASEWORK_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT ?? '000000000000',
    region: process.env.CASEWORK_REGION ?? DEFAULT_REGION,
  };
  Tags.of(app).add('project', 'casework');
  Tags.of(app).add('data-classification', 'sensitive-personal');

  const data = new DataStack(app, 'CaseworkData', { env, description: 'Casework: operational table and its key' });
  const workflows = new WorkflowsStack(app, 'CaseworkWorkflows', {
    env,
    description: 'Casework: case workflows and their functions',
    table: data.data.table,
  });
  const api = new ApiStack(app, 'CaseworkApi', {
    env,
    description: 'Casework: HTTP API, functions, staff directory',
    table: data.data.table,
    caseWorkflows: workflows.avrr.caseWorkflowArns(),
    grantWorkflows: (fn, access) => workflows.avrr.grant(fn, access),
  });

  acknowledgeFindings({ data, api, workflows });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stacks: { data, api, workflows } };
}
