// The local stream reader hands a consumer its records as Lambda does: the images as on the wire.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { asEvent } from '../../../local/streams.ts';

describe('a stream record as the local system hands it to a consumer', () => {
  it('gives back the empty maps the SDK’s stream client reads as {} (unmarshall refuses those)', () => {
    // As GetRecords' deserializer returns a task whose `context` is {} and a decision holding an empty map.
    const read = {
      eventID: '1',
      eventName: 'INSERT' as const,
      dynamodb: {
        SequenceNumber: '100',
        NewImage: {
          entity: { S: 'Task' },
          context: {},
          decision: { M: { answers: {}, items: { L: [{ M: { extra: {} } }, { S: 'x' }] } } },
        },
      },
    };
    expect(() => unmarshall(read.dynamodb.NewImage as unknown as Record<string, AttributeValue>)).toThrow(/No value defined/);

    const event = asEvent(read as never) as { dynamodb: { NewImage: Record<string, AttributeValue>; SequenceNumber: string } };

    expect(unmarshall(event.dynamodb.NewImage)).toEqual({
      entity: 'Task',
      context: {},
      decision: { answers: {}, items: [{ extra: {} }, 'x'] },
    });
    expect(event.dynamodb.SequenceNumber).toBe('100');
  });
});
