// The indicators' stream consumer as synthesized: new images of case items only (INSERT and MODIFY),
// bounded retries into its own dead-letter queue, and writes to its own items only (LeadingKeys).
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCaseworkApp, LOCAL_CONTEXT } from '../../infra/app.ts';
import { cdkOutdirs } from '../support/cdk-outdir.ts';
import { INDICATOR_KEY_PATTERNS } from '../../infra/constructs/indicator-keeper.ts';

const outdir = cdkOutdirs();
let template: Template;

beforeAll(() => {
  const { stacks } = buildCaseworkApp({ nag: false, outdir: outdir(), context: { ...LOCAL_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(stacks.workflows);
}, 120_000);

describe('the indicators consumer', () => {
  it('reads new images of case items from the stream, with bounded retries, bisection and a dead-letter queue', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as { Properties: Record<string, unknown> }[];
    const mine = mappings.find((m) => JSON.stringify(m).includes('MODIFY'));
    expect(mine).toBeDefined();
    expect(mine!.Properties).toMatchObject({
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(JSON.stringify(mine!.Properties.FilterCriteria)).toContain('\\"entity\\":{\\"S\\":[\\"Case\\"]}');
    // …and the completed vulnerability assessments' task images (their trafficking codes), no other task.
    const patterns = (mine!.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters.map((f): unknown =>
      JSON.parse(f.Pattern),
    );
    expect(patterns).toContainEqual({
      eventName: ['INSERT', 'MODIFY'],
      dynamodb: { NewImage: { entity: { S: ['Task'] }, step: { S: ['vulnerability-assessment'] }, status: { S: ['completed'] } } },
    });
    expect(patterns).toHaveLength(2);
    expect(JSON.stringify(mine!.Properties.DestinationConfig)).toContain('OnFailure');
  });

  it('writes only its own items, never a Scan nor a Query', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    const statements = (
      Object.values(template.findResources('AWS::IAM::Policy')) as {
        Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } };
      }[]
    )
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s) => JSON.stringify(s.Condition ?? {}).includes('INDCASE#'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);
    expect(statements[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': INDICATOR_KEY_PATTERNS } });
    expect(policies).not.toContain('dynamodb:Scan');
  });

  it('passes the small-cell threshold and the age bands from the context to the indicator routes', () => {
    const { stacks } = buildCaseworkApp({
      nag: false,
      outdir: outdir(),
      context: {
        ...LOCAL_CONTEXT,
        'aws:cdk:bundling-stacks': [],
        'casework:indicatorSmallCellThreshold': 10,
        'casework:indicatorAgeBands': { '18-24': '18-59' },
      },
    });
    const api = JSON.stringify(Template.fromStack(stacks.api).findResources('AWS::Lambda::Function'));
    expect(api).toContain('"INDICATOR_SMALL_CELL_THRESHOLD":"10"');
    expect(api).toContain('"INDICATOR_AGE_BANDS":"{\\"18-24\\":\\"18-59\\"}"');
  }, 120_000);
});
