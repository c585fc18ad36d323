// The access log as CloudFormation gets it: the reading functions get the retention from context
// (the table's TTL deletes expired records), and the data-protection officer's routes may only
// Query (by case on the table, by reader on GSI1): no write, no Scan.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { TABLE_KEYS } from '../../functions/adapters/dynamodb/keys.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();

describe('the access log', () => {
  const { stacks } = buildCaseworkApp({
    nag: false,
    outdir: outdir(),
    context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [], 'casework:accessLogRetentionDays': 400 },
  });
  const api = Template.fromStack(stacks.api);
  const data = Template.fromStack(stacks.data);
  const resolve = (value: unknown) => stacks.api.resolve(value) as unknown;

  it('each function that records reads keeps them for the configured retention, through the table’s TTL', () => {
    for (const id of ['GetCase', 'GetCaseHistory', 'GetTask']) {
      const fn = stacks.api.http.functions[id]!;
      const env = resolve((fn.node.defaultChild as { environment?: unknown }).environment) as { variables: Record<string, unknown> };
      expect(env.variables.ACCESS_LOG_RETENTION_DAYS).toBe('400');
    }
    data.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true } });
  });

  it('the data-protection officer’s routes may only Query (besides the associations’ partition, read for any partner caller)', () => {
    const policies = Object.values(api.findResources('AWS::IAM::Policy')) as {
      Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: { Action: string | string[]; Condition?: unknown }[] } };
    }[];
    for (const id of ['GetCaseAccessLog', 'GetReaderAccessLog']) {
      const role = stacks.api.resolve((stacks.api.http.functions[id]!.role!.node.defaultChild as CfnRole).ref) as { Ref: string };
      const actions = policies
        .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === role.Ref))
        .flatMap((policy) =>
          policy.Properties.PolicyDocument.Statement.filter((s) => s.Condition === undefined).flatMap((s) => [s.Action].flat()),
        )
        .filter((action) => action.startsWith('dynamodb:'));
      expect(actions).toEqual(['dynamodb:Query']);
    }
  });
});
