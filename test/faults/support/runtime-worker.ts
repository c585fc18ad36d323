// A child process running the local workflow runtime on its durable store (no HTTP, no DynamoDB):
// one execution of a small definition with an inline Map whose items call a Lambda that fails
// transiently once per item (Retry with back-off), then a Wait. The fault suite SIGKILLs this process
// in the middle and starts it again on the same folder. Usage: runtime-worker.ts <dataDir>.
// Every invocation is appended to <dataDir>/invocations.log; the outcome, once the execution has
// ended, is written to <dataDir>/outcome.json.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXECUTION_NAME, MAP_ITEMS } from './runtime-worker-constants.ts';
import { createInterpreter, LambdaInvokeFailure, LocalClock, LocalWorkflowRuntime } from 'local-workflow-runtime';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-3:000000000000:function:faults-work';

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Items',
  States: {
    Items: {
      Type: 'Map',
      Items: '{% $states.input.items %}',
      MaxConcurrency: 2,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: FUNCTION_ARN,
            Arguments: '{% $states.input %}',
            Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 1.5 }],
            End: true,
          },
        },
      },
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: 3, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: runtime-worker.ts <dataDir>');
const log = path.join(dataDir, 'invocations.log');
const attempts = (item: number) =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line === `attempt ${item}`).length
    : 0;

const clock = LocalClock.open(dataDir, { mode: 'real' });
const runtime = await LocalWorkflowRuntime.open({
  dataDir: path.join(dataDir, 'workflows'),
  clock,
  interpreter: createInterpreter({ history: 'derived' }),
  region: 'eu-west-3',
  accountId: '000000000000',
  invokeLambda: async (_arn, payload) => {
    const { item } = payload as { item: number };
    appendFileSync(log, `attempt ${item}\n`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // The first attempt of every item fails as a throttled dependency would: Retry backs off.
    if (attempts(item) === 1) throw new LambdaInvokeFailure({ errorType: 'Transient', errorMessage: `item ${item} not yet` });
    appendFileSync(log, `done ${item}\n`);
    return { item, result: item * 10 };
  },
  invokeService: () => Promise.reject(new Error('no services here')),
});
const { stateMachineArn } = runtime.registerStateMachine({
  name: 'faults-map',
  definition: JSON.stringify(definition),
  roleArn: 'arn:aws:iam::000000000000:role/faults',
});
// Same name and input: on a restart this answers the execution already running (AWS's idempotency).
const input = JSON.stringify({ items: Array.from({ length: MAP_ITEMS }, (_, item) => ({ item })) });
let executionArn: string;
try {
  executionArn = runtime.startExecution({ stateMachineArn, name: EXECUTION_NAME, input }).executionArn;
} catch (error) {
  if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${EXECUTION_NAME}`;
}
runtime.startRealTimeLoop();
process.stdout.write('started\n');

const timer = setInterval(() => {
  const described = runtime.describeExecution(executionArn);
  if (described.status === 'RUNNING') return;
  clearInterval(timer);
  const history = runtime.getHistory(executionArn);
  writeFileSync(
    path.join(dataDir, 'outcome.json'),
    JSON.stringify({ status: described.status, output: described.output, events: history.map((event) => event.type) }),
  );
  process.stdout.write('ended\n');
}, 200);
