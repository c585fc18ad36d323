// Powertools instances shared by every function: one logger, one metrics emitter per process.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

const serviceName = 'casework';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: 'Casework' });
