import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateShopLog } from '../../../../bench/events/generate';
import { EngineClient, EngineCrashedError } from '../../../../src/node/events/engineClient';
import { computeSegments, segmentsCsv } from '../../../../src/core/events/segments';
import { cleanup, loadPath, REAL_EVENTS, REPO } from './helpers';

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

  it('dispose leaves no timer behind, so a CLI run ends when its work does (not 5 s later)', async () => {
    client = new EngineClient({ memoryLimit: '512MB' });
    await client.request('query', { sql: 'SELECT 1 AS one' });
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await client.dispose();
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    assert.ok(after <= before, `timers before dispose ${before}, after ${after}`);
  });

  it("clusters users in the engine's worker threads (choosing k split across two) with the same answer as in this thread; a bad k fails segments alone", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-cluster-'));
    try {
      await generateShopLog(path.join(dir, 'shop'), 400, 3);
      // The engine bundle clusters in this worker bundle; without it, it would cluster on its own thread.
      assert.ok(existsSync(path.join(REPO, 'dist', 'eventsCluster.js')), 'npm test builds dist/ first');
      client = new EngineClient({ memoryLimit: '512MB' });
      const report = await client.request('analyzeAll', { target: path.join(dir, 'shop'), options: {} });
      const here = await loadPath(path.join(dir, 'shop'));
      const inThread = await computeSegments(here.engine, here.info);
      assert.ok(report.segments && report.segments.k >= 2);
      assert.deepEqual(report.segments, inThread.report);
      assert.equal(report.notes.segments, inThread.note);
      const csvText = await client.request('segmentsCsv', {});
      assert.equal(csvText, segmentsCsv(inThread));

      const bad = await client.request('analyzeAll', { options: { segments: 0 } });
      assert.equal(bad.segments, null);
      assert.match(bad.notes.segments ?? '', /^failed: --segments must be a whole number of clusters/);
      assert.deepEqual(bad.funnel, report.funnel, 'the other sections are still computed');
    } finally {
      await client.dispose();
      await cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a log larger than the memory limit spills to the temp directory instead of failing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-spill-'));
    const temp = path.join(dir, 'duckdb-temp');
    let watch: NodeJS.Timeout | undefined;
    try {
      await generateShopLog(path.join(dir, 'shop'), 3000, 5);
      // 96 MB on one thread: room for the CSV reader's 32 MB buffer (16 × its 2 MB line limit), less than the log needs.
      client = new EngineClient({ memoryLimit: '96MB', tempDirectory: temp, threads: 1 });
      let spilled = 0;
      watch = setInterval(
        () =>
          void readdir(temp).then(
            (f) => (spilled = Math.max(spilled, f.length)),
            () => undefined,
          ),
        20,
      );
      const report = await client.request('analyzeAll', { target: path.join(dir, 'shop'), options: { window: '7d' } });
      assert.equal(report.units.users, 3000);
      assert.equal(report.funnel!.steps[0].count, 3000);
      assert.ok(spilled > 0, 'DuckDB wrote temp files while analysing');
    } finally {
      clearInterval(watch);
      await client.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
