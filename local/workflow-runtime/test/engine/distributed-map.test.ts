import { describe, expect, it } from 'vitest';
import { drive } from '../../conformance/driver.ts';
import { DefinitionError, MAP_RUN_CHILD_RESOURCE } from '../../src/contract.ts';
import type { Effect, ExecutionMeta, HistoryEvent, MapRunChildParameters, MapRunEffect, Signal, StepResult } from '../../src/contract.ts';
import { createInterpreter } from '../../src/engine/index.ts';

const META: ExecutionMeta = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:sweep:run-1',
  name: 'run-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sweep',
  stateMachineName: 'sweep',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  startTime: '2027-01-01T00:00:00.000Z',
  input: null,
  inputText: 'null',
};
const NOW = new Date(META.startTime);
const token = (): string => 'tok';

const meta = (input: unknown): ExecutionMeta => ({ ...META, input, inputText: JSON.stringify(input) });

const processor = (states: Record<string, unknown>, startAt: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: startAt,
  States: states,
  ...extra,
});

const passChild = processor({ Echo: { Type: 'Pass', End: true } }, 'Echo');

/** A child that fails for items whose `fail` is true and echoes the others. */
const failingChild = processor(
  {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Boom' }], Default: 'Ok' },
    Boom: { Type: 'Fail', Error: 'Item.Bad', Cause: 'bad item' },
    Ok: { Type: 'Pass', End: true },
  },
  'Check',
);

const def = (map: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ StartAt: 'Sweep', States: { Sweep: { Type: 'Map', End: true, ...map } }, ...extra });

const types = (events: HistoryEvent[]): string[] => events.map((e) => e.type);
const byType = (events: HistoryEvent[], type: string): HistoryEvent => {
  const e = events.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} in ${types(events).join(',')}`);
  return e;
};
const childInvokes = (r: StepResult): (Effect & { kind: 'invoke' })[] =>
  r.effects.filter((e): e is Effect & { kind: 'invoke' } => e.kind === 'invoke' && e.resource === MAP_RUN_CHILD_RESOURCE);
const mapRuns = (r: StepResult): MapRunEffect[] => r.effects.filter((e): e is MapRunEffect => e.kind === 'mapRun');

/** Runs the whole execution, its Map Run children included, with the conformance driver. */
const run = (definition: string, input: unknown, liveExecutions?: number): ReturnType<typeof drive> =>
  drive(createInterpreter(liveExecutions === undefined ? {} : { liveExecutions }), definition, meta(input), () => null);

describe('Distributed Map (pure interpreter)', () => {
  it('runs the items as a Map Run and records it as AWS does', () => {
    const d = def({
      ItemsPath: '$.ids',
      ItemSelector: { 'id.$': '$$.Map.Item.Value', 'at.$': '$$.Map.Item.Index' },
      ItemProcessor: passChild,
    });
    const { events, final } = run(d, { ids: ['a', 'b', 'c'] });
    expect(final.status).toBe('SUCCEEDED');
    expect(final.output).toEqual([
      { id: 'a', at: 0 },
      { id: 'b', at: 1 },
      { id: 'c', at: 2 },
    ]);
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    const started = byType(events, 'MapRunStarted');
    expect(started.mapRunStartedEventDetails).toEqual({
      mapRunArn: expect.stringMatching(/^arn:aws:states:us-east-1:123456789012:mapRun:sweep\/[0-9a-f]{8}:[0-9a-f-]{36}$/) as unknown,
    });
    expect(byType(events, 'MapRunSucceeded').previousEventId).toBe(started.id);
    expect(byType(events, 'MapStateSucceeded').previousEventId).toBe(byType(events, 'MapRunSucceeded').id);
    // Since Nov 2024, AWS chains the exit to MapRunStarted.
    expect(byType(events, 'MapStateExited').previousEventId).toBe(started.id);
  });

  it('starts at most MaxConcurrency children, the next one as one finishes, and names them deterministically', () => {
    const interp = createInterpreter();
    const d = def({ ItemsPath: '$', MaxConcurrency: 2, Label: 'Sweep', ItemProcessor: passChild });
    const r0 = interp.start(d, meta([1, 2, 3, 4]), NOW, token);
    const [run0] = mapRuns(r0);
    expect(run0).toMatchObject({ status: 'RUNNING', maxConcurrency: 2, itemCount: 4, executionType: 'STANDARD' });
    expect(run0?.stateMachineArn).toBe(`${META.stateMachineArn}/Sweep`);
    expect(JSON.parse(run0?.definition ?? '{}')).toEqual({
      StartAt: 'Echo',
      States: { Echo: { Type: 'Pass', End: true } },
      QueryLanguage: 'JSONPath',
    });
    const first = childInvokes(r0);
    expect(first.map((e) => (e.parameters as MapRunChildParameters).Input)).toEqual([1, 2]);
    const names = first.map((e) => (e.parameters as MapRunChildParameters).Name);
    expect(new Set(names).size).toBe(2);
    const r1 = interp.resume(r0.snapshot, { kind: 'invokeSucceeded', effectId: first[1]?.id ?? '', output: 'two' }, NOW, token);
    expect(childInvokes(r1).map((e) => (e.parameters as MapRunChildParameters).Index)).toEqual([2]);
    // The same execution replayed from its log names the same Map Run and children.
    const replayed = createInterpreter({ liveExecutions: 0 }).start(d, meta([1, 2, 3, 4]), NOW, token);
    expect(mapRuns(replayed)[0]?.mapRunArn).toBe(run0?.mapRunArn);
    expect(childInvokes(replayed).map((e) => (e.parameters as MapRunChildParameters).Name)).toEqual(names);
  });

  it('takes new limits from an UpdateMapRun signal', () => {
    const interp = createInterpreter();
    const r0 = interp.start(def({ MaxConcurrency: 1, ItemProcessor: passChild }), meta([1, 2, 3, 4]), NOW, token);
    expect(childInvokes(r0)).toHaveLength(1);
    const update: Signal = { kind: 'mapRunUpdate', effectId: mapRuns(r0)[0]?.id ?? '', maxConcurrency: 3 };
    const r1 = interp.resume(r0.snapshot, update, NOW, token);
    expect(childInvokes(r1)).toHaveLength(2);
    expect(mapRuns(r1)[0]).toMatchObject({ status: 'RUNNING', maxConcurrency: 3 });
  });

  it('batches items with ItemBatcher (MaxItemsPerBatch, MaxInputBytesPerBatch, BatchInput)', () => {
    const byCount = run(
      def({ ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } }, ItemsPath: '$.items', ItemProcessor: passChild }),
      {
        run: 'r1',
        items: [1, 2, 3, 4, 5],
      },
    );
    expect(byCount.final.output).toEqual([
      { BatchInput: { run: 'r1' }, Items: [1, 2] },
      { BatchInput: { run: 'r1' }, Items: [3, 4] },
      { BatchInput: { run: 'r1' }, Items: [5] },
    ]);
    // {"Items":["aaaa","bbbb"]} is 25 bytes: a 25-byte limit puts two such items per batch, not three.
    const bySize = run(def({ ItemBatcher: { MaxInputBytesPerBatchPath: '$.bytes' }, ItemsPath: '$.items', ItemProcessor: passChild }), {
      bytes: 25,
      items: ['aaaa', 'bbbb', 'cccc'],
    });
    expect(bySize.final.output).toEqual([{ Items: ['aaaa', 'bbbb'] }, { Items: ['cccc'] }]);
  });

  it('evaluates JSONata Items, ItemSelector and MaxConcurrency', () => {
    const d = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Sweep',
      States: {
        Sweep: {
          Type: 'Map',
          Items: '{% $states.input.cases[closed] %}',
          ItemSelector: { caseId: '{% $states.context.Map.Item.Value.id %}' },
          MaxConcurrency: '{% 1 + 1 %}',
          ItemProcessor: processor({ Mark: { Type: 'Pass', Output: { done: '{% $states.input.caseId %}' }, End: true } }, 'Mark'),
          End: true,
        },
      },
    });
    const { final } = run(d, {
      cases: [
        { id: 'c1', closed: true },
        { id: 'c2', closed: false },
        { id: 'c3', closed: true },
      ],
    });
    expect(final.output).toEqual([{ done: 'c1' }, { done: 'c3' }]);
  });

  it('fails the Map Run when the failed items exceed the tolerated failures, aborting the children still running', () => {
    const items = [{ fail: true }, { fail: true }, { fail: false }, { fail: false }];
    const { events, final } = run(def({ ToleratedFailureCount: 1, ItemProcessor: failingChild }), items);
    expect(final.status).toBe('FAILED');
    expect(types(events).slice(-4)).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    const failed = { error: 'States.ExceedToleratedFailureThreshold', cause: 'The specified tolerated failure threshold was exceeded' };
    expect(byType(events, 'MapRunFailed').mapRunFailedEventDetails).toEqual(failed);
    expect(byType(events, 'ExecutionFailed').executionFailedEventDetails).toEqual(failed);
    expect(byType(events, 'MapRunFailed').previousEventId).toBe(byType(events, 'MapRunStarted').id);

    // Step by step: the second failure (over 1 tolerated) cancels the children still running.
    const interp = createInterpreter();
    const r0 = interp.start(def({ ToleratedFailureCount: 1, ItemProcessor: failingChild }), meta(items), NOW, token);
    const kids = childInvokes(r0);
    expect(kids).toHaveLength(4);
    const r1 = interp.resume(r0.snapshot, { kind: 'invokeFailed', effectId: kids[0]?.id ?? '', error: 'Item.Bad' }, NOW, token);
    expect(r1.status).toBe('RUNNING');
    const r2 = interp.resume(r1.snapshot, { kind: 'invokeFailed', effectId: kids[1]?.id ?? '', error: 'Item.Bad' }, NOW, token);
    expect(r2.status).toBe('FAILED');
    expect(r2.effects.filter((e) => e.kind === 'cancel').map((e) => e.id)).toEqual([kids[2]?.id, kids[3]?.id]);
    expect(mapRuns(r2)[0]?.status).toBe('FAILED');
  });

  it('tolerates failures within ToleratedFailureCount or ToleratedFailurePercentage (null for a failed item)', () => {
    const items = [{ fail: true }, { fail: false }, { fail: false }, { fail: false }];
    expect(run(def({ ToleratedFailureCount: 1, ItemProcessor: failingChild }), items).final.output).toEqual([
      null,
      { fail: false },
      { fail: false },
      { fail: false },
    ]);
    expect(run(def({ ToleratedFailurePercentage: 25, ItemProcessor: failingChild }), items).final.status).toBe('SUCCEEDED');
    expect(run(def({ ToleratedFailurePercentage: 24.9, ItemProcessor: failingChild }), items).final.status).toBe('FAILED');
    // Without a tolerance, one failed item fails the Map Run; a Catch on the Map sees AWS's error.
    const caught = run(
      JSON.stringify({
        StartAt: 'Sweep',
        States: {
          Sweep: {
            Type: 'Map',
            ItemProcessor: failingChild,
            Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Report' }],
            End: true,
          },
          Report: { Type: 'Pass', End: true },
        },
      }),
      items,
    );
    expect(caught.final.output).toEqual({
      Error: 'States.ExceedToleratedFailureThreshold',
      Cause: 'The specified tolerated failure threshold was exceeded',
    });
  });

  it('refuses bad tolerated-failure values from their Paths with AWS errors, before the Map Run starts', () => {
    const fails = (path: 'Count' | 'Percentage', value: unknown): { types: string[]; error: unknown } => {
      const { events } = run(def({ ItemsPath: '$.items', [`ToleratedFailure${path}Path`]: '$.v', ItemProcessor: passChild }), {
        items: [0],
        v: value,
      });
      return { types: types(events), error: byType(events, 'ExecutionFailed').executionFailedEventDetails };
    };
    const prefix = "An error occurred while executing the state 'Sweep' (entered at the event id #2). ";
    expect(fails('Count', 'NoNumber')).toEqual({
      types: ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'ExecutionFailed'],
      error: {
        error: 'States.Runtime',
        cause: `${prefix}The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.v`,
      },
    });
    expect(fails('Count', {}).error).toEqual({
      error: 'States.Runtime',
      cause: `${prefix}The ToleratedFailureCountPath field refers to value "{}" which is not a valid integer: $.v`,
    });
    expect(fails('Count', -1).error).toEqual({ error: 'States.Runtime', cause: `${prefix}ToleratedFailureCount cannot be negative.` });
    expect(fails('Percentage', 'x').error).toEqual({
      error: 'States.Runtime',
      cause: `${prefix}The ToleratedFailurePercentagePath field refers to value "x" which is not a valid float: $.v`,
    });
    expect(fails('Percentage', 100.1).error).toEqual({
      error: 'States.Runtime',
      cause: `${prefix}ToleratedFailurePercentage must be between 0 and 100.`,
    });
    expect(
      run(def({ ItemsPath: '$.items', ToleratedFailurePercentagePath: '$.v', ItemProcessor: passChild }), { items: [0], v: '1.5' }).final
        .status,
    ).toBe('SUCCEEDED');
  });

  it('gives the same history replayed from the log after every signal', () => {
    const d = def({ MaxConcurrency: 2, ItemProcessor: failingChild, ToleratedFailureCount: 2 });
    const items = [{ fail: true }, { fail: false }, { fail: true }, { fail: false }];
    expect(run(d, items, 0).events).toEqual(run(d, items).events);
  });

  it('refuses ItemReader and ResultWriter (S3) and ItemBatcher on an inline Map at load', () => {
    const interp = createInterpreter();
    const refused = (map: Record<string, unknown>): string => {
      try {
        interp.validate(def(map));
      } catch (e) {
        if (e instanceof DefinitionError) return e.message;
        throw e;
      }
      return 'accepted';
    };
    const reader = { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } };
    expect(refused({ ItemReader: reader, ItemProcessor: passChild })).toMatch(/ItemReader is not supported locally: it reads S3/);
    expect(refused({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' }, ItemProcessor: passChild })).toMatch(
      /ResultWriter is not supported locally: it writes S3/,
    );
    expect(
      refused({ ItemBatcher: { MaxItemsPerBatch: 2 }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }),
    ).toMatch(/ItemBatcher needs ProcessorConfig.Mode DISTRIBUTED/);
    expect(refused({ ItemProcessor: { ...passChild, ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'FAST' } } })).toMatch(
      /ExecutionType/,
    );
    expect(refused({ ItemBatcher: { MaxItemsPerBatch: 0 }, ItemProcessor: passChild })).toMatch(/positive integer/);
    expect(refused({ ToleratedFailurePercentage: 101, ItemProcessor: passChild })).toMatch(/between 0 and 100/);
    expect(refused({ ToleratedFailureCount: -1, ItemProcessor: passChild })).toMatch(/non-negative integer/);
    expect(refused({ ItemProcessor: passChild, ItemBatcher: { MaxItemsPerBatch: 2 }, Label: 'Sweep' })).toBe('accepted');
  });
});
