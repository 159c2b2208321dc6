// The host must not trust what the event webview sends: the protocol's validator and dispatcher (no browser).
import assert from 'node:assert/strict';
import {
  dispatchEventsWebviewMessage,
  type EventsHostMessage,
  type EventsWebviewHandlers,
  isEventsHostMessage,
  parseEventsWebviewMessage,
} from '../../../src/dashboard/events/protocol';

const def = {
  steps: [
    { name: 'a', match: 'a', conditions: [{ column: 'event', op: '=', value: 'a' }] },
    { name: 'b', match: 'b', conditions: [{ column: 'event', op: '=', value: 'b' }] },
  ],
  unit: 'user',
  windowMs: null,
  order: 'sequential',
  by: null,
};

describe('event dashboard protocol', () => {
  it('accepts well-formed requests and drops fields it does not know', () => {
    assert.deepEqual(
      parseEventsWebviewMessage({
        type: 'events/recomputeFunnel',
        id: 3,
        params: { definition: { ...def, extra: 1 } },
        evil: true,
      }),
      { type: 'events/recomputeFunnel', id: 3, params: { definition: def } },
    );
    assert.deepEqual(parseEventsWebviewMessage({ type: 'events/stepDetails', id: 1, params: { step: 2, index: 0 } }), {
      type: 'events/stepDetails',
      id: 1,
      params: { step: 2, index: 0 },
    });
    assert.deepEqual(
      parseEventsWebviewMessage({ type: 'events/openSource', file: 'events.csv', line: 12, rowId: 11 }),
      { type: 'events/openSource', file: 'events.csv', line: 12, rowId: 11 },
    );
    assert.deepEqual(parseEventsWebviewMessage({ type: 'events/ready', junk: 1 }), { type: 'events/ready' });
    assert.deepEqual(parseEventsWebviewMessage({ type: 'events/aiNote', id: 4, params: { view: 'funnel', key: 1 } }), {
      type: 'events/aiNote',
      id: 4,
      params: { view: 'funnel' },
    });
  });

  it('rejects unknown types, bad operators, a step 1 drill-down, oversized strings and missing ids', () => {
    const bad = [
      { type: 'events/dropTables' },
      {
        type: 'events/recomputeFunnel',
        id: 1,
        params: {
          definition: {
            ...def,
            steps: [{ ...def.steps[0], conditions: [{ column: 'event', op: 'LIKE', value: 'a' }] }],
          },
        },
      },
      { type: 'events/recomputeFunnel', id: 1, params: { definition: { ...def, windowMs: -5 } } },
      { type: 'events/recomputeFunnel', id: 1, params: { definition: { ...def, steps: [] } } },
      { type: 'events/recomputeFunnel', params: { definition: def } },
      { type: 'events/stepDetails', id: 1, params: { step: 1, index: 0 } },
      { type: 'events/stepDetails', id: 1, params: { step: 2, index: -1 } },
      { type: 'events/saveFunnel', id: 1, params: { name: '   ', definition: def } },
      { type: 'events/columnValues', id: 1, params: { column: 'x'.repeat(300), prefix: '', limit: 10 } },
      { type: 'events/columnValues', id: 1, params: { column: 'event', prefix: '', limit: 100_000 } },
      { type: 'events/openSource', file: 'a', line: 0 },
      { type: 'events/aiNote', id: 1, params: { view: '__proto__' } },
      { type: 'events/aiNote', id: 1, params: {} },
      'events/ready',
      null,
      [],
    ];
    for (const m of bad) assert.equal(parseEventsWebviewMessage(m), undefined, JSON.stringify(m).slice(0, 120));
  });

  it('answers every request with a reply of its id: the value, or the thrown error as { ok: false }', async () => {
    const replies: EventsHostMessage[] = [];
    const handlers = {
      'events/stepDetails': () => {
        throw new Error('engine crashed');
      },
      'events/columnValues': ({ column }: { column: string }) => ({ values: [column] }),
    } as unknown as EventsWebviewHandlers;
    await dispatchEventsWebviewMessage(
      handlers,
      parseEventsWebviewMessage({ type: 'events/stepDetails', id: 7, params: { step: 2, index: 0 } })!,
      (r) => replies.push(r),
    );
    await dispatchEventsWebviewMessage(
      handlers,
      parseEventsWebviewMessage({
        type: 'events/columnValues',
        id: 8,
        params: { column: 'css', prefix: '', limit: 5 },
      })!,
      (r) => replies.push(r),
    );
    assert.deepEqual(replies, [
      { type: 'events/reply', id: 7, result: { ok: false, error: 'engine crashed' } },
      { type: 'events/reply', id: 8, result: { ok: true, value: { values: ['css'] } } },
    ]);
  });

  it("recognises host messages by their events/ scope and ignores the journeys dashboard's", () => {
    assert.equal(isEventsHostMessage({ type: 'events/report', report: {} }), true);
    assert.equal(isEventsHostMessage({ type: 'report', report: {} }), false);
    assert.equal(isEventsHostMessage({ type: 'events/unknown' }), false);
  });
});
