// The Scheduler client, in its own module so that only the functions that schedule bundle it.
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { tracer } from './powertools.ts';
import { boundedClientConfig } from './sdk-budget.ts';

export const schedulerClient = tracer.captureAWSv3Client(new SchedulerClient(boundedClientConfig()));
