// What a stage costs while nobody uses it: synthesizes a stage offline (default dev; `-- --stage
// prod`), lists every resource of its templates billed by the month (or hour) whatever the traffic,
// at list prices (the table below, each price with its source), and prints
// `idle cost per stage per month: $X` last. Pay-per-request services (Lambda, API Gateway,
// DynamoDB on demand, Step Functions, CloudFront, SQS, SNS, Scheduler) cost nothing idle, and
// storage nothing while empty: they are listed at $0 with the reason. docs/operations.md, "Idle cost".
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCaseworkApp } from '../infra/app.ts';
import { REQUIRED_STAGE_SETTINGS, type RequiredSetting } from '../infra/stage.ts';

/** List prices, USD per month (eu-west-3 where it differs is noted), with where each comes from. */
const PRICES = {
  kmsKey: { usd: 1.0, unit: 'customer managed key', source: 'https://aws.amazon.com/kms/pricing/' },
  alarmMetric: {
    usd: 0.1,
    unit: 'standard-resolution alarm metric (a metric-math alarm counted per metric it reads: the upper bound)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  dashboard: {
    usd: 3.0,
    unit: 'dashboard beyond the 3 free per account (a mission with dev and prod has 2: counted free)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  webAcl: { usd: 5.0, unit: 'AWS WAF web ACL', source: 'https://aws.amazon.com/waf/pricing/' },
  wafRule: { usd: 1.0, unit: 'AWS WAF rule (a managed rule group counts as one)', source: 'https://aws.amazon.com/waf/pricing/' },
  secret: { usd: 0.4, unit: 'Secrets Manager secret', source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  logStorage: {
    usd: 0.0,
    unit: 'log group: $0.03/GB-month stored (Paris $0.0315), nothing written while idle',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  dynamodb: {
    usd: 0.0,
    unit: 'on-demand table: requests only; storage $0.25/GB-month and PITR $0.20/GB-month, ≈ 0 for an idle dev table',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  cognito: { usd: 0.0, unit: 'user pool: monthly active users only, free tier', source: 'https://aws.amazon.com/cognito/pricing/' },
  perRequest: {
    usd: 0.0,
    unit: 'billed per request or execution only',
    source:
      'https://aws.amazon.com/lambda/pricing/ https://aws.amazon.com/api-gateway/pricing/ https://aws.amazon.com/step-functions/pricing/ https://aws.amazon.com/cloudfront/pricing/ https://aws.amazon.com/sqs/pricing/ https://aws.amazon.com/sns/pricing/ https://aws.amazon.com/eventbridge/pricing/',
  },
  ssmParameter: { usd: 0.0, unit: 'standard parameter: free', source: 'https://aws.amazon.com/systems-manager/pricing/' },
} as const;
type PriceId = keyof typeof PRICES;

const PER_REQUEST = new Set([
  'AWS::Lambda::Function',
  'AWS::Lambda::EventSourceMapping',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::StepFunctions::StateMachine',
  'AWS::CloudFront::Distribution',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::Scheduler::Schedule',
  'AWS::Scheduler::ScheduleGroup',
]);

interface Line {
  stack: string;
  resource: string;
  type: string;
  quantity: number;
  price: PriceId;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** The billed quantity of one resource while idle, or undefined when it is free of any idle cost and not worth a line. */
function lineOf(stack: string, resource: string, { Type: type, Properties: props = {} }: Resource): Line[] {
  const line = (price: PriceId, quantity = 1): Line => ({ stack, resource, type, quantity, price });
  switch (type) {
    case 'AWS::KMS::Key':
      return [line('kmsKey')];
    case 'AWS::CloudWatch::Alarm': {
      const metrics = (props.Metrics as { MetricStat?: unknown }[] | undefined)?.filter((metric) => metric.MetricStat).length;
      return [line('alarmMetric', metrics ?? 1)];
    }
    case 'AWS::CloudWatch::CompositeAlarm':
      throw new Error('A composite alarm ($0.50/month) has no price in the table yet');
    case 'AWS::CloudWatch::Dashboard':
      return [line('dashboard', 0)];
    case 'AWS::WAFv2::WebACL':
      return [line('webAcl'), line('wafRule', ((props.Rules as unknown[] | undefined) ?? []).length)];
    case 'AWS::SecretsManager::Secret':
      return [line('secret')];
    case 'AWS::Logs::LogGroup':
      return [line('logStorage')];
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable':
      return [line('dynamodb')];
    case 'AWS::Cognito::UserPool':
      return [line('cognito')];
    case 'AWS::SSM::Parameter':
      return [line('ssmParameter')];
    default:
      return PER_REQUEST.has(type) ? [line('perRequest')] : [];
  }
}

/** Types that are billed by the hour or month whatever the traffic, and that this bench does not price: it fails rather than under-count. */
const UNPRICED_IDLE =
  /^AWS::(EC2::(Instance|NatGateway|VPCEndpoint|EIP)|RDS::|ElastiCache::|OpenSearchService::|Kinesis::Stream|ElasticLoadBalancingV2::LoadBalancer|Route53::HostedZone|KMS::ReplicaKey|Backup::BackupPlan|GuardDuty::|Config::|CloudTrail::Trail)/;

function stageArgument(argv: string[]): string {
  const index = argv.indexOf('--stage');
  const inline = argv.find((arg) => arg.startsWith('--stage='));
  return (index >= 0 ? argv[index + 1] : inline?.slice('--stage='.length)) ?? 'dev';
}

const stage = stageArgument(process.argv.slice(2));
const repo = path.resolve(import.meta.dirname, '..');
const cdkJson = JSON.parse(readFileSync(path.join(repo, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
const stages = (cdkJson.context['casework:stages'] ?? {}) as Record<string, Record<string, unknown>>;
const committed = stages[stage];
if (!committed) throw new Error(`No stage ${stage} in cdk.json (casework:stages): ${Object.keys(stages).join(', ')}`);
// The committed stage as it is (its WAF, its retention choice), its empty addresses filled with
// placeholders valid for an offline synthesis only (.invalid: RFC 2606).
const filler: Record<RequiredSetting, unknown> = {
  region: 'eu-west-3',
  senderEmail: 'casework@bench.invalid',
  roleAddresses: { caseworker: 'caseworkers@bench.invalid', supervisor: 'supervisors@bench.invalid' },
  alarmEmail: 'operators@bench.invalid',
  allowedOrigins: ['https://forms.bench.invalid'],
  controllerName: 'bench',
  dataProtectionContact: 'dpo@bench.invalid',
  cndpReference: 'bench',
};
const empty = (value: unknown) =>
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
const settings = { ...committed };
for (const key of Object.keys(REQUIRED_STAGE_SETTINGS) as RequiredSetting[]) if (empty(settings[key])) settings[key] = filler[key];

const outdir = mkdtempSync(path.join(tmpdir(), 'casework-idle-cost-'));
try {
  const { app } = buildCaseworkApp({
    nag: false,
    outdir,
    context: { ...cdkJson.context, 'casework:stage': stage, 'casework:stages': { [stage]: settings }, 'aws:cdk:bundling-stacks': [] },
  });
  const assembly = app.synth();
  const lines: Line[] = [];
  const unpriced: string[] = [];
  for (const stack of assembly.stacks) {
    const resources = (stack.template as { Resources?: Record<string, Resource> }).Resources ?? {};
    for (const [id, resource] of Object.entries(resources)) {
      if (UNPRICED_IDLE.test(resource.Type)) unpriced.push(`${stack.stackName}/${id} ${resource.Type}`);
      lines.push(...lineOf(stack.stackName, id, resource));
    }
  }
  if (unpriced.length > 0) throw new Error(`Resources billed while idle with no price in this bench:\n${unpriced.join('\n')}`);

  // One row per (stack, price): how many, at what unit price, for how much.
  const rows = new Map<string, { stack: string; price: PriceId; count: number; quantity: number }>();
  for (const line of lines) {
    const key = `${line.stack} ${line.price}`;
    const row = rows.get(key) ?? { stack: line.stack, price: line.price, count: 0, quantity: 0 };
    row.count += 1;
    row.quantity += line.quantity;
    rows.set(key, row);
  }
  const dollars = (value: number) => `$${value.toFixed(2)}`;
  console.log(`Stage ${stage}: resources billed while idle, at list prices (USD per month)\n`);
  console.log('| stack | what | resources | billed units | unit price | per month |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  let total = 0;
  for (const row of [...rows.values()].sort((a, b) => PRICES[b.price].usd * b.quantity - PRICES[a.price].usd * a.quantity)) {
    const cost = PRICES[row.price].usd * row.quantity;
    total += cost;
    console.log(
      `| ${row.stack} | ${PRICES[row.price].unit} | ${row.count} | ${row.quantity} | ${dollars(PRICES[row.price].usd)} | ${dollars(cost)} |`,
    );
  }
  console.log('\nPrices (list prices, checked against these pages):');
  for (const [id, price] of Object.entries(PRICES)) console.log(`- ${id}: ${dollars(price.usd)} per ${price.unit} — ${price.source}`);
  const alarms = lines.filter((line) => line.price === 'alarmMetric');
  console.log(
    `\n${alarms.length} alarms reading ${alarms.reduce((sum, line) => sum + line.quantity, 0)} metrics ` +
      `(${dollars(alarms.length * PRICES.alarmMetric.usd)} if billed per alarm rather than per metric); ` +
      `dashboards: +${dollars(PRICES.dashboard.usd)} each if the account already has 3.`,
  );
  console.log(`idle cost per stage per month: ${dollars(total)}`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
