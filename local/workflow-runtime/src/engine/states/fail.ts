import { evalJsonataExpr, evalPayloadTemplate, isJsonataString, resolveReference, stateError } from '../dataflow.ts';
import { J } from '../history.ts';
import { FailStateError, type StateEnv } from './context.ts';

export function runFail(x: StateEnv): never {
  const { def, input, env } = x;
  let error: string | undefined = def.Error;
  let cause: string | undefined = def.Cause;
  if (x.jsonata) {
    if (isJsonataString(def.Error)) error = evalJsonataExpr(def.Error, x.states(), env, 'Error') as string;
    if (isJsonataString(def.Cause)) cause = evalJsonataExpr(def.Cause, x.states(), env, 'Cause') as string;
  } else {
    const pathVal = (p: string, field: string): string => {
      if (/^\s*States\./.test(p)) return (evalPayloadTemplate({ 'v.$': p }, input, env) as { v: string }).v;
      const r = resolveReference(p, input, env);
      if (!r.found)
        throw stateError(
          env,
          'States.Runtime',
          `The JSONPath '${p}' specified for the field '${field}' could not be found in the input '${J(input)}'`,
        );
      return r.value as string;
    };
    if (def.ErrorPath !== undefined) error = pathVal(def.ErrorPath, 'ErrorPath');
    if (def.CausePath !== undefined) cause = pathVal(def.CausePath, 'CausePath');
  }
  throw new FailStateError(error, cause);
}
