// Powertools instances shared by every function: one logger, one metrics emitter, one tracer per process.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = 'casework';

export const logger = new Logger({ serviceName });
/**
 * Flushed by the logMetrics middleware after every invocation, including those that add no metric
 * (most reads): its own warnings go to a logger that keeps errors only, so that these are not logged.
 */
export const metrics = new Metrics({ serviceName, namespace: 'Casework', logger: logger.createChild({ logLevel: 'ERROR' }) });
/**
 * Active only in Lambda (it stays off without AWS_EXECUTION_ENV, and the local runtime turns it off).
 * Outgoing HTTP is not patched: every call leaves through an AWS SDK client instrumented in
 * clients.ts. Nothing personal goes into a trace: handler responses are never captured
 * (captureResponse: false in the middleware) and errors only flag the segment
 * (POWERTOOLS_TRACER_CAPTURE_ERROR=false, set on every function).
 */
export const tracer = new Tracer({ serviceName, captureHTTPsRequests: false });
