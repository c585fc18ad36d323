// The CDK application: stacks compose constructs, nothing else. Synthesizes offline, without
// credentials: the environment is fixed here.
import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { WorkflowsStack } from './stacks/workflows-stack.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';

export const DEFAULT_REGION = 'eu-west-3';
/** AWS WAF web ACLs for CloudFront can only be created there. */
export const EDGE_REGION = 'us-east-1';

export interface CaseworkAppOptions extends AppProps {
  /** Run the cdk-nag AwsSolutions and Serverless checks on synth (on by default). */
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
  // The web ACL lives in us-east-1; its ARN reaches the API stack through CDK's cross-region
  // references (SSM parameters written in the API's region by a custom resource).
  const edge = new EdgeStack(app, 'CaseworkEdge', {
    env: { account: env.account, region: EDGE_REGION },
    crossRegionReferences: true,
    description: 'Casework: AWS WAF web ACL of the API edge (CloudFront scope, us-east-1)',
  });
  const api = new ApiStack(app, 'CaseworkApi', {
    env,
    crossRegionReferences: true,
    webAclArn: edge.firewall.webAcl.attrArn,
    description: 'Casework: HTTP API, functions, staff directory',
    table: data.data.table,
    caseWorkflows: workflows.avrr.caseWorkflowArns(),
    grantWorkflows: (fn, access) => workflows.avrr.grant(fn, access),
  });

  acknowledgeFindings({ data, api, workflows, edge });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stacks: { data, api, workflows, edge } };
}
