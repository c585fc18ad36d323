// Retention and the data subjects' routes as AWS gets them: a weekly schedule in the casework's
// group, with its own role invoking only the sweep; the sweep and the routes granted only the table
// actions they use; the retention periods from context, refused when invalid.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();
const noBundling = { 'aws:cdk:bundling-stacks': [] };
type Resource = { Type: string; Properties: Record<string, unknown> };

function synth(context: Record<string, unknown> = {}) {
  return buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...LOCAL_CONTEXT, ...context } });
}

/** The IAM actions granted to a role, by its logical id, with their resources. */
function statementsOf(template: Template, roleId: string): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

function functionByEntry(template: Template, entry: string): [string, Resource] {
  const found = Object.entries(template.findResources('AWS::Lambda::Function', { Metadata: { 'casework:entry': entry } }))[0];
  if (!found) throw new Error(`no function for ${entry}`);
  return found as [string, Resource];
}

const roleIdOf = (fn: Resource) => (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
// The statements of a function's own table actions: not the associations' partition that every
// staff route reads for a partner caller (test/infra/partner-standing.test.ts).
const dynamoActions = (statements: { Action: string | string[]; Condition?: unknown }[]) =>
  statements
    .filter((s) => s.Condition === undefined)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((a) => a.startsWith('dynamodb:'))
    .sort();

describe('retention', () => {
  const { stacks } = synth();
  const template = Template.fromStack(stacks.workflows);
  const [sweepId, sweep] = functionByEntry(template, 'functions/retention-sweep/handler.ts');

  it('a weekly schedule in the casework group invokes the sweep with a role that may invoke only it', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[];
    expect(schedules).toHaveLength(1);
    const schedule = schedules[0]!.Properties as {
      GroupName: unknown;
      ScheduleExpression: string;
      Target: { Arn: unknown; RoleArn: { 'Fn::GetAtt': [string, string] }; DeadLetterConfig?: unknown };
    };
    expect(schedule.ScheduleExpression).toBe('rate(7 days)');
    expect(schedule.GroupName).toBe('casework');
    const groupId = Object.keys(template.findResources('AWS::Scheduler::ScheduleGroup'))[0]!;
    expect(Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]!.DependsOn).toContain(groupId);
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [sweepId, 'Arn'] });
    const scheduleRoleId = schedule.Target.RoleArn['Fn::GetAtt'][0];
    // It may invoke the sweep, and put an undeliverable event in the schedules' dead-letter queue.
    const deadLettersId = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) =>
      id.startsWith('FunctionsScheduleDeadLetters'),
    )!;
    expect(statementsOf(template, scheduleRoleId)).toEqual([
      expect.objectContaining({ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [sweepId, 'Arn'] } }),
      expect.objectContaining({ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [deadLettersId, 'Arn'] } }),
    ]);
    expect(schedule.Target).toMatchObject({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] } } });
    const role = template.findResources('AWS::IAM::Role')[scheduleRoleId] as Resource;
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain('scheduler.amazonaws.com');
  });

  it('the sweep gets the periods from context and only the table actions an erasure needs, never Scan', () => {
    expect(JSON.parse((sweep.Properties.Environment as { Variables: { RETENTION_DAYS: string } }).Variables.RETENTION_DAYS)).toEqual(
      LOCAL_CONTEXT['casework:retention'],
    );
    expect(dynamoActions(statementsOf(template, roleIdOf(sweep)))).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('an invalid retention context fails the synthesis, naming the problem; a deployable one needs it', () => {
    expect(() => synth({ 'casework:retention': { ...LOCAL_CONTEXT['casework:retention'], avrr: -1 } })).toThrow(/casework:retention.*avrr/);
    expect(() => synth({ 'casework:retention': '{"avrr": 30}' })).toThrow(/protection: missing/);
    const custom = synth({ 'casework:retention': JSON.stringify({ ...LOCAL_CONTEXT['casework:retention'], avrr: 90 }) });
    const [, customSweep] = functionByEntry(Template.fromStack(custom.stacks.workflows), 'functions/retention-sweep/handler.ts');
    const days = (customSweep.Properties.Environment as { Variables: { RETENTION_DAYS: string } }).Variables.RETENTION_DAYS;
    expect(JSON.parse(days)).toMatchObject({ avrr: 90 });
    const { ['casework:retention']: _retention, ...without } = LOCAL_CONTEXT;
    const previous = process.env.CASEWORK_ACCOUNT;
    process.env.CASEWORK_ACCOUNT = '123456789012';
    try {
      expect(() => buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...noBundling, ...without } })).toThrow(
        /Missing context value casework:retention/,
      );
    } finally {
      if (previous === undefined) delete process.env.CASEWORK_ACCOUNT;
      else process.env.CASEWORK_ACCOUNT = previous;
    }
  });
});

describe('the data subjects’ routes', () => {
  const { stacks } = synth();
  const api = Template.fromStack(stacks.api);

  it('are behind the JWT authorizer, and read or write only what each needs', () => {
    const expected: Record<string, string[]> = {
      'functions/search-data-subject/handler.ts': ['dynamodb:GetItem', 'dynamodb:Query'],
      'functions/export-person-data/handler.ts': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      'functions/correct-person/handler.ts': ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      'functions/erase-person-data/handler.ts': [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
    };
    for (const [entry, actions] of Object.entries(expected)) {
      expect(dynamoActions(statementsOf(api, roleIdOf(functionByEntry(api, entry)[1]))), entry).toEqual(actions);
    }
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
    for (const key of [
      'POST /data-protection/searches',
      'POST /data-protection/exports',
      'POST /data-protection/erasures',
      'POST /cases/{caseId}/persons/{personId}/corrections',
    ]) {
      expect(routes.find((r) => r.Properties.RouteKey === key)?.Properties.AuthorizationType, key).toBe('JWT');
    }
  });
});
