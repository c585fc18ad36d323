// The adapter for functions that workflows and schedules invoke (not HTTP): validate the input
// with zod, run the use case; a bad input is a bug in a definition, so it fails loudly.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { logger, metrics, tracer } from './powertools.ts';

export class InvalidWorkflowInput extends Error {
  constructor(public readonly issues: { path: string; code: string }[]) {
    super(`Invalid input: ${issues.map((issue) => `${issue.path} ${issue.code}`).join(', ')}`);
    this.name = 'InvalidWorkflowInput';
  }
}

export function workflowHandler<S extends z.ZodType, R>(schema: S, handle: (input: z.infer<S>) => Promise<R>) {
  return (
    middy<unknown, R, Error, Context>({ timeoutEarlyInMillis: 0 })
      // Results go back to the workflow and may name people: never in a trace.
      .use(captureLambdaHandler(tracer, { captureResponse: false }))
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(logMetrics(metrics))
      .handler(async (event) => {
        const parsed = schema.safeParse(event);
        if (!parsed.success) {
          // Paths and codes only: values may be personal.
          throw new InvalidWorkflowInput(parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code })));
        }
        return handle(parsed.data);
      })
  );
}
