// Mermaid flowcharts drawn from a synthesized state machine definition (the same ASL AWS runs).
// The attention sequence every definition gets (workflows/attention.ts) is drawn once per scope, from
// one "any task failing" node, and its way back to each failed task is written on its Choice, so that
// the programme's own process stays readable.
import { isAttentionState } from './attention.ts';
type Json = Record<string, unknown>;

const id = (prefix: string, name: string) => `${prefix}${name.replace(/[^A-Za-z0-9]/g, '_')}`;
const label = (value: string) => value.replace(/"/g, "'");
const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value));

/** Shortens a JSONata condition to what a reader needs: `$x.decision.outcome = 'eligible'` → eligible. */
function conditionLabel(choice: Json): string {
  const condition = text(choice.Condition ?? choice.Variable).replace(/^\{%\s*|\s*%\}$/g, '');
  const outcomes = [...condition.matchAll(/outcome = '([^']+)'/g)].map((m) => m[1]);
  const bounds = [...condition.matchAll(/\$(\w+) < (\d+)/g)].map((m) => `${m[1]} < ${m[2]}`);
  const flags = [...condition.matchAll(/\.(\w+) = true/g)].map((m) => m[1]);
  const parts = [...outcomes, ...bounds, ...flags];
  return label(parts.length ? parts.join(' and ') : condition.slice(0, 40));
}

function drawStates(states: Record<string, Json>, prefix: string, lines: string[], indent: string): void {
  for (const [name, state] of Object.entries(states)) {
    const node = id(prefix, name);
    const type = String(state.Type);
    const human = text(state.Resource).includes('waitForTaskToken');
    const attentionChoice = type === 'Choice' && isAttentionState(name);
    const shape = attentionChoice
      ? `{"${label(name)}: retry → back to the failed task"}`
      : type === 'Choice'
        ? `{"${label(name)}"}`
        : type === 'Succeed' || type === 'Fail'
          ? `(["${label(name)}"])`
          : human
            ? `[/"👤 ${label(name)}"/]`
            : `["${label(name)}"]`;
    if (type === 'Parallel' || type === 'Map') {
      lines.push(`${indent}subgraph ${node}["${label(name)} (${type === 'Map' ? 'for each' : 'in parallel'})"]`);
      const branches = type === 'Parallel' ? (state.Branches as Json[]) : [(state.ItemProcessor ?? state.Iterator) as Json];
      branches.forEach((branch, i) => {
        const branchPrefix = `${node}_b${i}_`;
        lines.push(`${indent}  ${branchPrefix}start(( ))`);
        lines.push(`${indent}  ${branchPrefix}start --> ${id(branchPrefix, String(branch.StartAt))}`);
        drawStates(branch.States as Record<string, Json>, branchPrefix, lines, `${indent}  `);
      });
      lines.push(`${indent}end`);
    } else {
      lines.push(`${indent}${node}${shape}`);
    }
    if (typeof state.Next === 'string') lines.push(`${indent}${node} --> ${id(prefix, state.Next)}`);
    if (type === 'Task' && name.startsWith('Needs attention'))
      lines.push(`${indent}${node}_from(["any task failing after its retries"]) -.-> ${node}`);
    for (const choice of attentionChoice ? [] : ((state.Choices as Json[] | undefined) ?? [])) {
      lines.push(`${indent}${node} -- "${conditionLabel(choice)}" --> ${id(prefix, String(choice.Next))}`);
    }
    if (typeof state.Default === 'string') lines.push(`${indent}${node} -- otherwise --> ${id(prefix, state.Default)}`);
    for (const handler of ((state.Catch as Json[] | undefined) ?? []).filter(
      (catcher) => !(isAttentionState(String(catcher.Next)) && (catcher.ErrorEquals as string[]).includes('States.ALL')),
    )) {
      lines.push(`${indent}${node} -. "${label((handler.ErrorEquals as string[]).join(', '))}" .-> ${id(prefix, String(handler.Next))}`);
    }
  }
}

export function mermaid(definitionText: string): string {
  const definition = JSON.parse(definitionText) as Json;
  const lines = ['flowchart TD', '  start(( )) --> ' + id('s_', String(definition.StartAt))];
  drawStates(definition.States as Record<string, Json>, 's_', lines, '  ');
  return lines.join('\n');
}
