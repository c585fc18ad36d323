// The pagination cursors' key as CloudFormation gets it: one Secrets Manager secret generated at
// deploy, named to the list functions only (CURSOR_KEY_SECRET_ARN), which alone may read it.
import { describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { routes } from '../../functions/routes.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';

const outdir = cdkOutdirs();

describe('the pagination cursors’ key', () => {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  const api = Template.fromStack(stacks.api);
  const resolve = (value: unknown) => stacks.api.resolve(value) as unknown;
  const secretRef = resolve(stacks.api.http.cursorKey.secretArn);

  it('is a secret generated at deploy', () => {
    const secret = stacks.api.http.cursorKey.node.defaultChild as { generateSecretString?: unknown };
    expect(resolve(secret.generateSecretString)).toMatchObject({ passwordLength: 64, excludePunctuation: true });
  });

  it('is given to every function that pages, and read by those only', () => {
    const policies = Object.values(api.findResources('AWS::IAM::Policy')) as {
      Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
    }[];
    const paging = routes.filter((route) => route.pageCursors).map((route) => route.functionId);
    expect(paging.sort()).toEqual(
      [
        'GetCaseAccessLog',
        'GetReaderAccessLog',
        'ListAssociationCases',
        'ListAssociations',
        'ListCases',
        'ListNeeds',
        'ListRemittanceSessions',
        'ListTasks',
        'SearchExperts',
      ].sort(),
    );
    for (const [id, fn] of Object.entries(stacks.api.http.functions)) {
      const env = resolve((fn.node.defaultChild as { environment?: unknown }).environment) as { variables?: Record<string, unknown> };
      const role = resolve((fn.role!.node.defaultChild as CfnRole).ref) as { Ref: string };
      const reads = policies
        .filter((policy) => policy.Properties.Roles.some((r) => r.Ref === role.Ref))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));
      if (paging.includes(id)) {
        expect(env.variables?.CURSOR_KEY_SECRET_ARN, id).toEqual(secretRef);
        expect(
          reads.map((s) => s.Resource),
          id,
        ).toEqual([secretRef]);
        expect(reads.flatMap((s) => [s.Action].flat()).sort(), id).toEqual([
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
        ]);
      } else {
        expect(env.variables?.CURSOR_KEY_SECRET_ARN, id).toBeUndefined();
        expect(
          reads.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(secretRef)),
          id,
        ).toEqual([]);
      }
    }
  });
});
