// What every role of the synthesized stacks may do to state machines, executions and schedules, as
// sorted lines "principal: action on resource" with CDK's hash suffixes dropped, so that a test can
// pin the least privilege of the case workflows exactly and say which grant appeared or went.
import type { Template } from 'aws-cdk-lib/assertions';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Statement = { Effect: string; Action: string | string[]; Resource: Json | Json[] };
type Policy = { Properties: { Roles?: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } };

const WORKFLOW_ACTIONS = /^(states:|scheduler:|iam:PassRole$)/;

/** A logical id without CDK's 8-hex-digit hashes (repeated for cross-stack export names). */
export const unhashed = (id: string) => id.replace(/([0-9A-F]{8})+$/, '');

/** A template value as text: a reference is `{LogicalId}` or `{LogicalId.Attribute}`, hashes dropped. */
export function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('Ref' in value) return `{${unhashed(render(value.Ref))}}`;
    if ('Fn::GetAtt' in value) {
      const [id, attribute] = value['Fn::GetAtt'] as Json[];
      return `{${unhashed(render(id!))}.${render(attribute!)}}`;
    }
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'] as [string, Json[]];
      return parts.map(render).join(separator);
    }
    if ('Fn::ImportValue' in value) return `{${unhashed(render(value['Fn::ImportValue']).replace(/^.*:ExportsOutput(Ref|FnGetAtt)/, ''))}}`;
  }
  return JSON.stringify(value);
}

export function workflowPermissions(templates: Template[]): string[] {
  const lines = new Set<string>();
  for (const template of templates) {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as Policy[]) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of [statement.Action].flat().filter((a) => WORKFLOW_ACTIONS.test(a))) {
          for (const resource of [statement.Resource].flat()) {
            for (const role of policy.Properties.Roles ?? []) lines.add(`${unhashed(role.Ref)}: ${action} on ${render(resource)}`);
          }
        }
      }
    }
  }
  return [...lines].sort();
}
