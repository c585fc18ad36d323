// Every staff route reads a partner caller's association (functions/commons/auth.ts): one GetItem,
// granted on the associations' partition only; public routes read nothing of it.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { routes } from '../../functions/routes.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();

type Statement = { Action: string | string[]; Condition?: Record<string, Record<string, unknown>>; Resource: unknown };

describe('the association read of partner callers', () => {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const api = Template.fromStack(stacks.api);
  const policies = Object.values(api.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  const statementsOf = (functionId: string): Statement[] => {
    const role = stacks.api.resolve((stacks.api.http.functions[functionId]!.role!.node.defaultChild as CfnRole).ref) as { Ref: string };
    return policies.filter((p) => p.Properties.Roles.some((r) => r.Ref === role.Ref)).flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  const leadingKeys = (s: Statement) => s.Condition?.['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'];

  it('each staff route may GetItem in the associations’ partition only; a public route not at all', () => {
    for (const route of routes) {
      const restricted = statementsOf(route.functionId).filter((s) => leadingKeys(s) !== undefined);
      if (route.access === 'public') {
        expect(restricted, route.functionId).toEqual([]);
        continue;
      }
      expect(restricted, route.functionId).toHaveLength(1);
      expect([restricted[0]!.Action].flat(), route.functionId).toEqual(['dynamodb:GetItem']);
      expect(leadingKeys(restricted[0]!), route.functionId).toEqual(['ASSOCIATIONS']);
      const env = stacks.api.resolve(
        (stacks.api.http.functions[route.functionId]!.node.defaultChild as { environment?: unknown }).environment,
      ) as {
        variables: Record<string, unknown>;
      };
      expect(env.variables.TABLE_NAME, route.functionId).toBeDefined();
    }
  });
});
