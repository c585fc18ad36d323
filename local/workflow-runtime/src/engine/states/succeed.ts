import { applyPath } from '../dataflow.ts';
import type { StateEnv, StateResult } from './context.ts';

export function runSucceed(x: StateEnv): StateResult {
  const { def, input, env } = x;
  if (x.jsonata) {
    const { output } = x.jsonataOut(x.states(), def.Output, undefined, input);
    return x.finish(output, undefined, null);
  }
  const out = applyPath(def.OutputPath, applyPath(def.InputPath, input, env), env);
  return x.finish(out, undefined, null);
}
