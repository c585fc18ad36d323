// Reads what CDK synthesizes — tables, functions, routes, state machines — so the local runtime
// runs the very definitions AWS would get. One source of truth: infra/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../infra/app.ts';
import { ENTRY_METADATA_KEY } from '../infra/constructs/casework-function.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  Metadata?: JsonObject;
}

export interface LocalNames {
  region: string;
  accountId: string;
  tablePrefix: string;
  /** Context values over LOCAL_CONTEXT (a test's retention periods...). */
  context?: Record<string, unknown>;
}

export interface TableDefinition {
  logicalId: string;
  tableName: string;
  properties: JsonObject;
}

export interface FunctionDefinition {
  logicalId: string;
  functionName: string;
  arn: string;
  entry: string;
  environment: Record<string, string>;
  /** The function's Timeout from the template, in seconds (Lambda's default, 3, when absent). */
  timeoutSeconds: number;
}

export interface RouteBinding {
  method: string;
  path: string;
  functionLogicalId: string;
  authorization: 'NONE' | 'JWT';
  /** The route's authorization scopes: a token must carry at least one of them. */
  scopes?: string[];
  /** From the stage's route settings, as API Gateway would throttle it. */
  throttle?: { rate: number; burst: number };
}

/**
 * A WAF rate-based rule keyed by source address, as the edge's web ACL defines it: at most `limit`
 * requests matching `method` and `pathPattern` per address over `windowSeconds`.
 */
export interface ClientLimit {
  name: string;
  limit: number;
  windowSeconds: number;
  method: string;
  pathPattern: string;
}

export interface StateMachineDefinition {
  logicalId: string;
  name: string;
  arn: string;
  definition: string;
  roleArn: string;
}

/** A Lambda function consuming a table's stream, with the filters of its event source mapping. */
export interface StreamConsumer {
  functionLogicalId: string;
  tableName: string;
  /** EventBridge-style patterns; a record is delivered when any matches (none = every record). */
  filters: JsonObject[];
  batchSize: number;
}

/** A recurring EventBridge Scheduler schedule CDK defines (the retention sweep), targeting a Lambda function. */
export interface RecurringSchedule {
  name: string;
  groupName: string;
  expression: string;
  targetArn: string;
  roleArn: string;
  input: string;
}

export interface LocalAssembly {
  streamConsumers: StreamConsumer[];
  schedules: RecurringSchedule[];
  tables: TableDefinition[];
  functions: FunctionDefinition[];
  routes: RouteBinding[];
  stateMachines: StateMachineDefinition[];
  /** The edge's per-address rate rules (the API stands behind CloudFront and AWS WAF). */
  clientLimits: ClientLimit[];
}

/** A resolved template value as text: scalars as themselves, anything else as JSON. */
function text(value: Json | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Synthesizes the CDK app in-process (no bundling, no cdk-nag) and reads its templates. */
export function synthesizeLocalAssembly(names: LocalNames): LocalAssembly {
  const outdir = mkdtempSync(path.join(tmpdir(), 'casework-cdk-'));
  try {
    const { app } = buildCaseworkApp({
      nag: false,
      outdir,
      context: { ...LOCAL_CONTEXT, ...names.context, 'aws:cdk:bundling-stacks': [] },
    });
    const assembly = app.synth();
    const templates = assembly.stacks.map((stack) => stack.template as { Resources?: Record<string, CfnResource>; Outputs?: JsonObject });
    return readTemplates(templates, names);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function readTemplates(
  templates: { Resources?: Record<string, CfnResource>; Outputs?: JsonObject }[],
  names: LocalNames,
): LocalAssembly {
  const resources = new Map<string, CfnResource>();
  const exportsByName = new Map<string, Json>();
  for (const template of templates) {
    for (const [id, resource] of Object.entries(template.Resources ?? {})) resources.set(id, resource);
    for (const output of Object.values(template.Outputs ?? {})) {
      const o = output as JsonObject;
      const exportName = (o.Export as JsonObject | undefined)?.Name;
      if (typeof exportName === 'string') exportsByName.set(exportName, o.Value ?? null);
    }
  }

  const partition = 'aws';
  const physicalName = (logicalId: string): string => {
    const resource = resources.get(logicalId);
    switch (resource?.Type) {
      case 'AWS::DynamoDB::Table':
        return `${names.tablePrefix}${logicalId}`;
      case 'AWS::Lambda::Function':
        return logicalId;
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(logicalId);
      default:
        return logicalId;
    }
  };
  const stateMachineArn = (logicalId: string) => `arn:${partition}:states:${names.region}:${names.accountId}:stateMachine:${logicalId}`;
  const functionArn = (logicalId: string) => `arn:${partition}:lambda:${names.region}:${names.accountId}:function:${logicalId}`;
  const arnOf = (logicalId: string): string => {
    const resource = resources.get(logicalId);
    switch (resource?.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:${partition}:dynamodb:${names.region}:${names.accountId}:table/${physicalName(logicalId)}`;
      case 'AWS::Lambda::Function':
        return functionArn(logicalId);
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(logicalId);
      case 'AWS::IAM::Role':
        return `arn:${partition}:iam::${names.accountId}:role/${logicalId}`;
      default:
        return `arn:${partition}:local:${names.region}:${names.accountId}:${logicalId}`;
    }
  };
  const pseudo: Record<string, string> = {
    'AWS::Region': names.region,
    'AWS::AccountId': names.accountId,
    'AWS::Partition': partition,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'local',
  };

  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = value[fn]!;
      switch (fn) {
        case 'Ref':
          return typeof arg === 'string' ? (pseudo[arg] ?? physicalName(arg)) : null;
        case 'Fn::GetAtt': {
          const [id, attribute] = (Array.isArray(arg) ? arg : text(arg).split('.')) as [string, string];
          if (attribute === 'Arn') return arnOf(id);
          if (attribute === 'Name') return physicalName(id);
          return `${physicalName(id)}.${attribute}`;
        }
        case 'Fn::ImportValue': {
          const name = resolve(arg);
          const exported = typeof name === 'string' ? exportsByName.get(name) : undefined;
          if (exported === undefined) throw new Error(`Unresolved import ${JSON.stringify(name)}`);
          return resolve(exported);
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json[]];
          return (resolve(parts) as Json[]).map((part) => text(part)).join(separator);
        }
        case 'Fn::Sub': {
          const [template, variables] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, JsonObject];
          return template.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
            if (variables[name] !== undefined) return text(resolve(variables[name]));
            if (pseudo[name]) return pseudo[name];
            const [id, attribute] = name.split('.') as [string, string | undefined];
            return attribute === 'Arn' ? arnOf(id) : physicalName(id);
          });
        }
        default:
          break;
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };

  const tables: TableDefinition[] = [];
  const functions: FunctionDefinition[] = [];
  const stateMachines: StateMachineDefinition[] = [];
  const integrations = new Map<string, string>();
  const rawRoutes: { routeKey: string; target: string; authorization: string; scopes: string[] }[] = [];
  const routeSettings = new Map<string, { rate: number; burst: number }>();
  const streamConsumers: StreamConsumer[] = [];
  const clientLimits: ClientLimit[] = [];
  const schedules: RecurringSchedule[] = [];

  for (const [logicalId, resource] of resources) {
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        tables.push({ logicalId, tableName: physicalName(logicalId), properties: props });
        break;
      case 'AWS::Lambda::Function': {
        const entry = resource.Metadata?.[ENTRY_METADATA_KEY];
        if (typeof entry !== 'string') break; // a CDK-internal function (e.g. a custom resource provider)
        const variables = ((props.Environment as JsonObject | undefined)?.Variables ?? {}) as JsonObject;
        const environment = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, text(resolve(v))]));
        const timeoutSeconds = typeof props.Timeout === 'number' ? props.Timeout : 3;
        functions.push({
          logicalId,
          functionName: physicalName(logicalId),
          arn: functionArn(logicalId),
          entry,
          environment,
          timeoutSeconds,
        });
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        let definition = resolve(props.DefinitionString ?? JSON.stringify(props.Definition ?? {}));
        // CloudFormation replaces ${Name} placeholders with DefinitionSubstitutions at deploy time.
        const substitutions = resolve(props.DefinitionSubstitutions ?? {}) as JsonObject;
        if (typeof definition === 'string') {
          definition = definition.replace(/\$\{(\w+)\}/g, (whole, name: string) =>
            substitutions[name] !== undefined ? text(substitutions[name]) : whole,
          );
        }
        stateMachines.push({
          logicalId,
          // Locally a state machine is named after its logical id, so ARNs in environments match.
          name: logicalId,
          arn: stateMachineArn(logicalId),
          definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
          roleArn: text(resolve(props.RoleArn ?? null)),
        });
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const source = text(resolve(props.EventSourceArn ?? null));
        if (!source.endsWith('.StreamArn')) break; // only DynamoDB streams are emulated locally
        const fnRef = props.FunctionName as JsonObject | string;
        const functionLogicalId =
          typeof fnRef === 'object' && fnRef !== null && typeof fnRef.Ref === 'string' ? fnRef.Ref : text(resolve(fnRef));
        const filters = (((props.FilterCriteria as JsonObject | undefined)?.Filters ?? []) as JsonObject[]).map(
          (filter) => JSON.parse(text(filter.Pattern)) as JsonObject,
        );
        streamConsumers.push({
          functionLogicalId,
          tableName: source.slice(0, -'.StreamArn'.length),
          filters,
          batchSize: Number(props.BatchSize ?? 100),
        });
        break;
      }
      case 'AWS::Scheduler::Schedule': {
        const target = (props.Target ?? {}) as JsonObject;
        schedules.push({
          name: text(resolve(props.Name ?? logicalId)),
          groupName: text(resolve(props.GroupName ?? 'default')),
          expression: text(props.ScheduleExpression),
          targetArn: text(resolve(target.Arn ?? null)),
          roleArn: text(resolve(target.RoleArn ?? null)),
          input: text(resolve(target.Input ?? '{}')),
        });
        break;
      }
      case 'AWS::ApiGatewayV2::Integration':
        integrations.set(logicalId, text(resolve(props.IntegrationUri ?? null)));
        break;
      case 'AWS::ApiGatewayV2::Stage':
        for (const [routeKey, settings] of Object.entries((props.RouteSettings ?? {}) as JsonObject)) {
          const { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst } = settings as JsonObject;
          if (typeof rate === 'number' && typeof burst === 'number') routeSettings.set(routeKey, { rate, burst });
        }
        break;
      case 'AWS::WAFv2::WebACL':
        for (const rule of (props.Rules ?? []) as JsonObject[]) {
          const limit = clientLimitOf(rule);
          if (limit) clientLimits.push(limit);
        }
        break;
      case 'AWS::ApiGatewayV2::Route':
        rawRoutes.push({
          routeKey: text(props.RouteKey),
          target: text(resolve(props.Target ?? null)),
          authorization: text(props.AuthorizationType ?? 'NONE'),
          scopes: Array.isArray(props.AuthorizationScopes) ? props.AuthorizationScopes.map(text) : [],
        });
        break;
      default:
        break;
    }
  }

  const routes: RouteBinding[] = rawRoutes.map((route) => {
    const integrationId = route.target.replace(/^integrations\//, '');
    const uri = integrations.get(integrationId) ?? '';
    const fn = functions.find((candidate) => candidate.arn === uri);
    if (!fn) throw new Error(`Route ${route.routeKey} targets no local function (${uri})`);
    const [method, routePath] = route.routeKey.split(' ') as [string, string];
    const throttle = routeSettings.get(route.routeKey);
    return {
      method,
      path: routePath,
      functionLogicalId: fn.logicalId,
      authorization: route.authorization === 'JWT' ? 'JWT' : 'NONE',
      ...(route.scopes.length ? { scopes: route.scopes } : {}),
      ...(throttle ? { throttle } : {}),
    };
  });

  return { tables, functions, routes, stateMachines, streamConsumers, clientLimits, schedules };
}

/**
 * A blocking rate-based rule per IP, scoped down to one method and one URI path pattern (the shape
 * infra/constructs/edge-firewall.ts writes). Any other shape is refused: the local gateway would
 * not apply it as WAF does.
 */
function clientLimitOf(rule: JsonObject): ClientLimit | undefined {
  const rate = (rule.Statement as JsonObject | undefined)?.RateBasedStatement as JsonObject | undefined;
  if (!rate) return undefined;
  const name = text(rule.Name);
  const blocks = (rule.Action as JsonObject | undefined)?.Block !== undefined;
  const statements = (((rate.ScopeDownStatement as JsonObject | undefined)?.AndStatement as JsonObject | undefined)?.Statements ??
    []) as JsonObject[];
  const method = statements
    .map((st) => st.ByteMatchStatement as JsonObject | undefined)
    .find((m) => m?.FieldToMatch && 'Method' in (m.FieldToMatch as JsonObject));
  const path = statements
    .map((st) => st.RegexMatchStatement as JsonObject | undefined)
    .find((m) => m?.FieldToMatch && 'UriPath' in (m.FieldToMatch as JsonObject));
  if (
    !blocks ||
    rate.AggregateKeyType !== 'IP' ||
    !method ||
    method.PositionalConstraint !== 'EXACTLY' ||
    !path ||
    statements.length !== 2
  ) {
    throw new Error(`Web ACL rule ${name}: the local gateway only emulates blocking per-IP rate rules on one method and path`);
  }
  return {
    name,
    limit: Number(rate.Limit),
    windowSeconds: Number(rate.EvaluationWindowSec ?? 300),
    method: text(method.SearchString),
    pathPattern: text(path.RegexString),
  };
}
