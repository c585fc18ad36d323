// The CDK application: stacks compose constructs, nothing else. Synthesizes offline, without
// credentials: the region is an explicit choice (context `casework:region`, committed in cdk.json).
import { parseRetentionPolicy, type RetentionPolicy } from '../domain/privacy/retention.ts';
import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { WorkflowsStack } from './stacks/workflows-stack.ts';
import { acknowledgeFindings } from './nag-acknowledgements.ts';
import { OperationsStack } from './stacks/operations-stack.ts';
import { LOCAL_STAGE, stackId, stageLookup, stageName, stageSettings } from './stage.ts';

/** The account of an offline synthesis (no credentials): such an assembly cannot be deployed. */
export const OFFLINE_ACCOUNT = '000000000000';
const NOT_CONFIGURED = 'NOT CONFIGURED (offline synthesis only)';

/**
 * Explicit values for the local runtime and the tests, which synthesize in-process (cdk.json is
 * read by the CDK CLI only). Never deployed: the local runtime has no AWS.
 */
export const LOCAL_CONTEXT = {
  'casework:region': 'eu-west-3',
  'casework:controllerName': 'Mission (local runtime)',
  'casework:dataProtectionContact': 'dpo@example.org',
  'casework:cndpReference': 'LOCAL-NOT-DECLARED',
  'casework:retention': { avrr: 1826, protection: 1826, 'migration-development': 1826, 'youth-employability': 1826 },
} as const;
/** AWS WAF web ACLs for CloudFront can only be created there. */
export const EDGE_REGION = 'us-east-1';

export interface CaseworkAppOptions extends AppProps {
  /** Run the cdk-nag AwsSolutions and Serverless checks on synth (on by default). */
  nag?: boolean;
}

export function buildCaseworkApp(options: CaseworkAppOptions = {}) {
  const { nag = true, ...appProps } = options;
  const app = new App(appProps);
  const raw = (key: string): unknown => app.node.tryGetContext(key);
  // The stage (docs/operations.md, "Stages"): its settings from `casework:stages`, `-c` overriding.
  const stage = stageName(raw);
  const lookup = stageLookup(raw, stage);
  // A deployed stage's missing settings, all listed in one message, before anything else.
  const settings = stageSettings(raw, stage);
  const context = (key: string) => {
    const value = lookup(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  // Hosting outside Morocco is a transfer abroad under law 09-08: no silent default region.
  const region = context('region');
  if (!region) {
    throw new Error(
      'Missing context value casework:region: choose the AWS region explicitly (cdk.json or -c casework:region=...); ' +
        'outside Morocco it is a transfer abroad under law 09-08 (see docs/architecture.md, "Region and law").',
    );
  }
  const env = { account: process.env.CASEWORK_ACCOUNT ?? process.env.CDK_DEFAULT_ACCOUNT ?? OFFLINE_ACCOUNT, region };
  // The notice shown at intake: required for any synthesis that can be deployed (a real account).
  const noticeValue = (key: string) => {
    const value = context(key);
    if (value) return value;
    if (env.account === OFFLINE_ACCOUNT) return NOT_CONFIGURED;
    throw new Error(
      `Missing context value casework:${key}: the law 09-08 notice shown at intake needs it for a deployment (see README, "Deploying").`,
    );
  };
  const notice = {
    controllerName: noticeValue('controllerName'),
    dataProtectionContact: noticeValue('dataProtectionContact'),
    cndpReference: noticeValue('cndpReference'),
  };
  const retention = retentionPolicyOf(lookup('retention'), env.account === OFFLINE_ACCOUNT);
  if (stage === LOCAL_STAGE && env.account !== OFFLINE_ACCOUNT) {
    throw new Error(
      'No stage chosen: the local stage synthesizes offline only. Deploy a stage: npm run deploy -- --stage dev|prod (docs/operations.md).',
    );
  }
  const id = (part: string) => stackId(part, stage);
  Tags.of(app).add('project', 'casework');
  Tags.of(app).add('data-classification', 'sensitive-personal');
  Tags.of(app).add('stage', stage);

  const data = new DataStack(app, id('Data'), {
    env,
    description: `Casework (${stage}): operational table and its key`,
    stage,
    retainData: settings.retainData,
  });
  const workflows = new WorkflowsStack(app, id('Workflows'), {
    env,
    stage,
    description: 'Casework: case workflows and their functions',
    table: data.data.table,
    retention,
  });
  // The web ACL lives in us-east-1; its ARN reaches the API stack through CDK's cross-region
  // references (SSM parameters written in the API's region by a custom resource).
  // A stage may go without (dev: the web ACL alone costs more than the rest of an idle stage).
  const edge = settings.firewall
    ? new EdgeStack(app, id('Edge'), {
        env: { account: env.account, region: EDGE_REGION },
        crossRegionReferences: true,
        description: `Casework (${stage}): AWS WAF web ACL of the API edge (CloudFront scope, us-east-1)`,
      })
    : undefined;
  const api = new ApiStack(app, id('Api'), {
    env,
    crossRegionReferences: true,
    ...(edge ? { webAclArn: edge.firewall.webAcl.attrArn } : {}),
    edge: true,
    settings,
    notice,
    description: 'Casework: HTTP API, functions, staff directory',
    table: data.data.table,
    sensitiveFieldsKey: data.sensitiveFields.key,
    caseWorkflows: workflows.caseWorkflowArns(),
    grantWorkflows: (fn, access) => workflows.grantWorkflows(fn, access),
  });

  const operations = new OperationsStack(app, id('Operations'), {
    env,
    description: `Casework (${stage}): alarms, their topic and the dashboard`,
    stage,
    alarmEmail: settings.alarmEmail,
    data,
    workflows,
    api,
  });

  acknowledgeFindings({ data, api, workflows, edge, operations });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  // `edge` is absent from a stage without AWS WAF (dev); the tests synthesize the local stage, which has it.
  return { app, stage, settings, stacks: { data, api, workflows, edge: edge!, operations } };
}

/**
 * Days a closed case keeps its people's data, per programme (docs/data-protection.md): the context
 * value `casework:retention`, an object (cdk.json) or its JSON (`-c`). Invalid fails the synthesis;
 * absent, only an offline synthesis gets the committed default.
 */
function retentionPolicyOf(value: unknown, offline: boolean): RetentionPolicy {
  if (value === undefined) {
    if (offline) return DEFAULT_RETENTION;
    throw new Error(
      'Missing context value casework:retention: days per programme before closed cases are anonymised (see docs/data-protection.md).',
    );
  }
  try {
    return parseRetentionPolicy(typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
  } catch (error) {
    throw new Error(`Context value casework:retention: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const DEFAULT_RETENTION: RetentionPolicy = { avrr: 1826, protection: 1826, 'migration-development': 1826, 'youth-employability': 1826 };
