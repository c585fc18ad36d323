// The Scheduler client, in its own module so that only the functions that schedule bundle it.
import { SchedulerClient } from '@aws-sdk/client-scheduler';

export const schedulerClient = new SchedulerClient({});
