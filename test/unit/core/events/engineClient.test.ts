import assert from 'node:assert/strict';
import path from 'node:path';
import { EngineClient, EngineCrashedError } from '../../../../src/node/events/engineClient';
import { REAL_EVENTS } from './helpers';

describe('event engine child process', function () {
  this.timeout(120_000);
  let client: EngineClient;
  afterEach(async () => client?.dispose());

  it('answers typed requests in a child process: load, funnel, step details, friction', async () => {
    client = new EngineClient({ memoryLimit: '512MB' });
    const progress: string[] = [];
    const loaded = await client.request('load', { target: path.join(REAL_EVENTS, 'clickstream-sample.jsonl') }, (t) =>
      progress.push(t),
    );
    assert.notEqual(client.pid, process.pid);
    assert.deepEqual(loaded.units, { users: 1, sessions: 3, events: 19 });
    assert.ok(progress.some((p) => p.includes('clickstream-sample.jsonl')));
    const options = {
      funnel:
        'Viewed product: path^=/products > Added to cart: css=button.add-to-cart > Order placed: css=button.place-order',
      unit: 'session' as const,
    };
    const funnel = await client.request('funnel', { options });
    assert.deepEqual(
      funnel!.steps.map((s) => s.count),
      [3, 3, 1],
    );
    const details = await client.request('stepDetails', { options, step: 3, index: 0 });
    assert.equal(details!.unitId, 's-0925');
    assert.equal(details!.events.length, 7);
    const friction = await client.request('friction', { options });
    assert.equal(friction[0].message, 'Payment declined');
    await assert.rejects(
      client.request('funnel', { options: { funnel: 'x: nope=1' } }),
      /column "nope" is not in the log/,
    );
  });

  it('a killed engine rejects the requests in flight with a clear error, and the next request starts a fresh process', async () => {
    client = new EngineClient({ memoryLimit: '512MB' });
    await client.request('query', { sql: 'SELECT 1 AS one' });
    const first = client.pid!;
    const inFlight = client.request('query', { sql: 'SELECT count(*) FROM range(3000000000)' });
    process.kill(first, 'SIGKILL');
    await assert.rejects(
      inFlight,
      (err: Error) =>
        err instanceof EngineCrashedError &&
        /killed \(SIGKILL\) while answering "query".*next request starts a new one/.test(err.message),
    );
    assert.deepEqual(await client.request('query', { sql: 'SELECT 2 AS two' }), [{ two: 2 }]);
    assert.notEqual(client.pid, first);
    await assert.rejects(client.request('funnel', {}), /no event log loaded/);
  });
});
