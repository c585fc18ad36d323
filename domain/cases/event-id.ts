import { randomUUID } from 'node:crypto';

/**
 * History event ids sort in the order this process made them, so that events recorded at the same
 * instant (the local clock does not move between them) still read in order; the random tail keeps
 * them unique across processes.
 */
export function newEventId(): string {
  return `${process.hrtime.bigint().toString(36).padStart(13, '0')}-${randomUUID().slice(0, 8)}`;
}
