import { applyPath, applyResultPath, evalJsonPathAssign, evalPayloadTemplate } from '../dataflow.ts';
import { nextOf, type StateEnv, type StateResult } from './context.ts';

export function runPass(x: StateEnv): StateResult {
  const { def, input, env } = x;
  if (x.jsonata) {
    const { output, assign } = x.jsonataOut(x.states(), def.Output, def.Assign, input);
    return x.finish(output, assign, nextOf(def));
  }
  const eff = applyPath(def.InputPath, input, env);
  let result: unknown = eff;
  if (def.Result !== undefined) result = def.Result;
  else if (def.Parameters !== undefined) result = evalPayloadTemplate(def.Parameters, eff, env);
  const assign = def.Assign ? evalJsonPathAssign(def.Assign, result, env) : undefined;
  const out = applyPath(def.OutputPath, applyResultPath(def.ResultPath, input, result, env), env);
  return x.finish(out, assign, nextOf(def));
}
