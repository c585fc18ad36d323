// What the runtime worker runs (test/faults/support/runtime-worker.ts), shared with the suite.
export const MAP_ITEMS = 6;
export const EXECUTION_NAME = 'faults-map-run';
