import { evaluateChoiceRule } from '../choice.ts';
import { applyPath, evalJsonPathAssign } from '../dataflow.ts';
import { SfnError } from '../errors.ts';
import type { StateEnv, StateResult } from './context.ts';

export function runChoice(x: StateEnv): StateResult {
  const { def, input, env, jsonata } = x;
  const eff = jsonata ? input : applyPath(def.InputPath, input, env);
  let chosen: string | undefined;
  let ruleAssign: Record<string, unknown> | undefined;
  let ruleOutput: unknown;
  for (const [i, rule] of (def.Choices ?? []).entries()) {
    if (evaluateChoiceRule(rule, eff, env, jsonata, x.states(), `Choices[${i}]`)) {
      chosen = rule.Next;
      ruleAssign = rule.Assign;
      ruleOutput = rule.Output;
      break;
    }
  }
  if (chosen === undefined) {
    if (def.Default === undefined) throw new SfnError('States.NoChoiceMatched', `No Matches!`);
    chosen = def.Default;
    ruleAssign = def.Assign;
    ruleOutput = def.Output;
  }
  if (jsonata) {
    const { output, assign } = x.jsonataOut(x.states(), ruleOutput ?? def.Output, ruleAssign, input);
    return x.finish(output, assign, chosen);
  }
  const assign = ruleAssign ? evalJsonPathAssign(ruleAssign, eff, env) : undefined;
  return x.finish(applyPath(def.OutputPath, eff, env), assign, chosen);
}
