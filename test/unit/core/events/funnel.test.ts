import assert from 'node:assert/strict';
import path from 'node:path';
import type { SqlEngine } from '../../../../src/core/events/engine';
import { computeFunnel } from '../../../../src/core/events/queries/funnel';
import { funnelDefinition, parseSteps } from '../../../../src/core/events/queries/funnelDefinition';
import { MatchCache } from '../../../../src/core/events/queries/funnelUnits';
import { buildEventsReport, funnelFor } from '../../../../src/core/events/report';
import { eventsDefaults } from '../../../../src/core/events/options';
import type { FunnelOrder, FunnelReport, FunnelUnit } from '../../../../src/core/events/types';
import { cleanup, csv, load, loadPath, REAL_EVENTS, type Loaded } from './helpers';

async function funnel(
  l: Loaded,
  steps: string,
  o: { unit?: FunnelUnit; window?: string; order?: FunnelOrder; by?: string } = {},
): Promise<FunnelReport> {
  const def = funnelDefinition({
    steps: parseSteps(steps),
    unit: o.unit,
    window: o.window ?? null,
    order: o.order,
    by: o.by ?? null,
  });
  return computeFunnel(l.engine, l.info, def, { window: o.window ?? null, suggested: false });
}
const counts = (r: FunnelReport) => r.steps.map((s) => s.count);
const log = (rows: string[]) => load({ 'e.csv': csv('user_id,session_id,event,timestamp,css', rows) });

describe('funnel definitions', () => {
  afterEach(cleanup);

  it('a kept step-match read answers a changed window, unit and breakdown as a fresh read does', async () => {
    const l = await log([
      'u1,s1,a,2025-01-01T00:00:00Z,',
      'u1,s1,b,2025-01-01T00:10:00Z,',
      'u1,s2,c,2025-01-03T00:00:00Z,',
      'u2,s3,a,2025-01-01T00:00:00Z,',
      'u2,s4,a,2025-01-05T00:00:00Z,',
      'u2,s4,b,2025-01-05T00:01:00Z,',
      'u2,s4,c,2025-01-05T00:02:00Z,',
    ]);
    const matches = new MatchCache();
    let reads = 0;
    // The real engine, its reads counted.
    const counting: SqlEngine = Object.assign(Object.create(l.engine) as SqlEngine, {
      columns: (sql: string) => (reads++, l.engine.columns(sql)),
    });
    const variants: { unit?: FunnelUnit; window?: string; by?: string }[] = [
      {},
      { window: '1d' },
      { unit: 'session' },
      { window: '1h', by: 'event' },
      { unit: 'session', window: '1d' },
      {},
    ];
    for (const o of variants) {
      const def = funnelDefinition({
        steps: parseSteps('a > b > c'),
        unit: o.unit,
        window: o.window ?? null,
        by: o.by ?? null,
      });
      const meta = { window: o.window ?? null, suggested: false };
      const kept = await computeFunnel(counting, l.info, def, { ...meta, cache: matches });
      assert.deepEqual(kept, await computeFunnel(l.engine, l.info, def, meta), JSON.stringify(o));
    }
    // the first read, then one adding session keys (the session unit), then one adding row ids (the breakdown)
    assert.equal(reads, 3, 'variants of the same steps reuse the read that has their columns');
    await computeFunnel(counting, l.info, funnelDefinition({ steps: parseSteps('a > c'), window: null }), {
      window: null,
      suggested: false,
      cache: matches,
    });
    assert.equal(reads, 4, 'other steps are read afresh');

    const pinning = new MatchCache();
    reads = 0;
    const run = (steps: string, pin = false) =>
      computeFunnel(counting, l.info, funnelDefinition({ steps: parseSteps(steps), window: null }), {
        window: null,
        suggested: false,
        cache: pinning,
        pin,
      });
    for (const [steps, pin] of [['a > b > c', true], ['a > b'], ['b > c'], ['a > c'], ['a > b > c']] as const)
      await run(steps, pin);
    assert.equal(reads, 4, 'the pinned read (the report funnel edits start from) outlives the others');
  });

  it('a report reads the steps once for its funnel and friction, with a breakdown or without', async () => {
    const l = await log([
      'u1,s1,a,2025-01-01T00:00:00Z,',
      'u1,s1,b,2025-01-01T00:10:00Z,div.error-message',
      'u2,s2,a,2025-01-01T00:00:00Z,',
      'u2,s2,checkout_error,2025-01-01T00:01:00Z,',
    ]);
    for (const by of [null, 'event']) {
      const stepReads: string[] = [];
      // The real engine and its second connection (friction runs there, beside the funnel), step-match reads
      // counted on both (paths reads pages, not masks).
      const counted = (engine: SqlEngine): SqlEngine =>
        Object.assign(Object.create(engine) as SqlEngine, {
          columns: (sql: string) => {
            if (sql.includes(' AS mask')) stepReads.push(sql);
            return engine.columns(sql);
          },
          fork: engine.fork && (async () => counted(await engine.fork!())),
        });
      const counting = counted(l.engine);
      const options = eventsDefaults({ funnel: 'a > b', by });
      const report = await buildEventsReport(counting, l.info, options, { root: 'test', problems: [] });
      assert.equal(stepReads.length, 1, `by ${by}: ${stepReads.length} reads`);
      assert.deepEqual(counts(report.funnel!), [2, 1]);
      assert.ok(report.friction && report.friction.length > 0);
    }
  });

  it('one event advances at most one step: an event matching steps 1 and 2 is only step 1', async () => {
    const one = await log(['u,s,click,2025-01-01 10:00:00,btn']);
    assert.deepEqual(counts(await funnel(one, 'A: css*=btn > B: css*=btn')), [1, 0]);
    const two = await log(['u,s,click,2025-01-01 10:00:00,btn', 'u,s,click,2025-01-01 10:01:00,btn']);
    assert.deepEqual(counts(await funnel(two, 'A: css*=btn > B: css*=btn')), [1, 1]);
  });

  it('the window is inclusive: a step exactly 7 days after step 1 counts, one second later does not', async () => {
    const l = await log([
      'in,s,a,2025-01-01 10:00:00,',
      'in,s,b,2025-01-08 10:00:00,',
      'out,s,a,2025-01-01 10:00:00,',
      'out,s,b,2025-01-08 10:00:01,',
    ]);
    const r = await funnel(l, 'a > b', { window: '7d' });
    assert.deepEqual(counts(r), [2, 1]);
    assert.deepEqual(r.steps[1].droppedSample, ['out']);
    assert.deepEqual(counts(await funnel(l, 'a > b')), [2, 2]);
  });

  it('re-entry: a later step-1 event starts a new attempt that can succeed where the first ran out of window', async () => {
    const l = await log(['u,s,a,2025-01-01 00:00:00,', 'u,s,a,2025-01-08 12:00:00,', 'u,s,b,2025-01-09 00:00:00,']);
    const r = await funnel(l, 'a > b', { window: '7d' });
    assert.deepEqual(counts(r), [1, 1]);
    assert.equal(r.steps[1].medianTimeFromPreviousMs, 12 * 3_600_000); // from the attempt that converted
  });

  it('a unit reaches the furthest step of its best attempt', async () => {
    const l = await log([
      'u,s,a,2025-01-01 00:00:00,',
      'u,s,b,2025-01-01 00:01:00,',
      'u,s,a,2025-01-02 00:00:00,',
      'u,s,b,2025-01-02 00:01:00,',
      'u,s,c,2025-01-02 00:02:00,',
    ]);
    assert.deepEqual(counts(await funnel(l, 'a > b > c', { window: '1h' })), [1, 1, 1]);
  });

  it('strict order: any other event between two steps ends the attempt; sequential allows it', async () => {
    const l = await log([
      'gap,s,a,2025-01-01 10:00:00,',
      'gap,s,x,2025-01-01 10:01:00,',
      'gap,s,b,2025-01-01 10:02:00,',
      'tight,s2,a,2025-01-01 10:00:00,',
      'tight,s2,b,2025-01-01 10:01:00,',
    ]);
    assert.deepEqual(counts(await funnel(l, 'a > b', { order: 'strict' })), [2, 1]);
    assert.deepEqual(counts(await funnel(l, 'a > b')), [2, 2]);
  });

  it('any order: the steps may come in any order; sequential needs them in order', async () => {
    const l = await log(['u,s,b,2025-01-01 10:00:00,', 'u,s,a,2025-01-01 10:01:00,']);
    assert.deepEqual(counts(await funnel(l, 'a > b', { order: 'any' })), [1, 1]);
    assert.deepEqual(counts(await funnel(l, 'a > b')), [1, 0]);
    assert.deepEqual(counts(await funnel(l, 'a > b', { order: 'any', window: '30s' })), [1, 0]);
  });

  it('equal timestamps are ordered by seq (the log order): a then b at the same second converts, b then a does not', async () => {
    const l = await log([
      'ab,s,a,2025-01-01 10:00:00,',
      'ab,s,b,2025-01-01 10:00:00,',
      'ba,s2,b,2025-01-01 10:00:00,',
      'ba,s2,a,2025-01-01 10:00:00,',
    ]);
    const r = await funnel(l, 'a > b');
    assert.deepEqual(counts(r), [2, 1]);
    assert.deepEqual(r.steps[1].droppedSample, ['ba']);
  });

  it("a user's sessions are joined for the user unit, kept apart for the session unit", async () => {
    const l = await log(['u,s1,a,2025-01-01 10:00:00,', 'u,s2,b,2025-01-02 10:00:00,']);
    assert.deepEqual(counts(await funnel(l, 'a > b')), [1, 1]);
    const bySession = await funnel(l, 'a > b', { unit: 'session' });
    assert.deepEqual(counts(bySession), [1, 0]);
    assert.deepEqual(bySession.steps[1].droppedSample, ['s1']);
  });

  it('per step: conversion from start and previous, median time from previous, dropped and their ids', async () => {
    const rows = [
      'u1,s,a,2025-01-01 10:00:00,',
      'u1,s,b,2025-01-01 10:01:00,',
      'u1,s,c,2025-01-01 10:11:00,',
      'u2,s,a,2025-01-01 10:00:00,',
      'u2,s,b,2025-01-01 10:03:00,',
      'u3,s,a,2025-01-01 10:00:00,',
    ];
    const r = await funnel(await log(rows), 'Start: event=a > b > c');
    assert.deepEqual(
      r.steps.map((s) => [
        s.name,
        s.count,
        s.conversionFromStart,
        s.conversionFromPrevious,
        s.medianTimeFromPreviousMs,
        s.dropped,
        s.droppedSample,
      ]),
      [
        ['Start', 3, 1, 1, null, 0, []],
        ['b', 2, 2 / 3, 2 / 3, 120_000, 1, ['u3']],
        ['c', 1, 1 / 3, 0.5, 600_000, 1, ['u2']],
      ],
    );
  });

  it('--by breaks the funnel down by a users.csv column, or by the value on the step-1 event', async () => {
    const l = await load(
      {
        'events.csv': csv('user_id,event,timestamp,plan', [
          'u1,a,2025-01-01 10:00:00,free',
          'u1,b,2025-01-01 10:01:00,free',
          'u2,a,2025-01-01 10:00:00,pro',
          'u3,a,2025-01-01 10:00:00,pro',
        ]),
        'users.csv': csv('user_id,segment', ['u1,vip', 'u2,vip', 'u3,new']),
      },
      {},
      'events.csv',
    );
    const bySegment = await funnel(l, 'a > b', { by: 'segment' });
    assert.deepEqual(
      bySegment.breakdown!.groups.map((g) => [g.value, counts({ steps: g.steps } as FunnelReport)]),
      [
        ['vip', [2, 1]],
        ['new', [1, 0]],
      ],
    );
    const byPlan = await funnel(l, 'a > b', { by: 'plan' });
    assert.deepEqual(
      byPlan.breakdown!.groups.map((g) => [g.value, counts({ steps: g.steps } as FunnelReport)]),
      [
        ['pro', [2, 0]],
        ['free', [1, 1]],
      ],
    );
    await assert.rejects(funnel(l, 'a > b', { by: 'nope' }), /--by nope: no such column.*segment.*plan/);
  });

  it('a step matching nothing says so and lists the values its column has', async () => {
    const r = await funnel(
      await log(['u,s,view,2025-01-01 10:00:00,', 'u,s,buy,2025-01-01 10:00:00,']),
      'view > purchase',
    );
    assert.deepEqual(counts(r), [1, 0]);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /step 2 "purchase".*matches no event; event has values "buy", "view"/);
  });

  it('a step on a column the log does not have names the columns', async () => {
    await assert.rejects(
      funnel(await log(['u,s,view,2025-01-01 10:00:00,']), 'view > x: colour=red'),
      /column "colour" is not in the log; columns: .*css/,
    );
  });

  it('without --funnel one is suggested from the data, in typical order with falling reach, and marked suggested', async () => {
    const rows: string[] = [];
    for (let u = 0; u < 20; u++) {
      const t = (m: number) => `2025-01-01 10:${String(m).padStart(2, '0')}:00`;
      rows.push(`u${u},s${u},session_start,${t(0)},`, `u${u},s${u},product_view,${t(1)},`);
      if (u % 2 === 0) rows.push(`u${u},s${u},add_to_cart,${t(2)},`);
      if (u % 4 === 0) rows.push(`u${u},s${u},purchase,${t(3)},`);
      rows.push(`u${u},s${u},session_end,${t(4)},`);
    }
    const l = await log(rows);
    const f = await funnelFor(l.engine, l.info, eventsDefaults());
    assert.equal(f!.suggested, true);
    assert.deepEqual(
      f!.def.steps.map((s) => s.name),
      ['session_start', 'product_view', 'add_to_cart', 'purchase'],
    );
    assert.deepEqual(
      counts(await computeFunnel(l.engine, l.info, f!.def, { window: null, suggested: true })),
      [20, 20, 10, 5],
    );
  });

  it('a log without an event column matches bare step names against the page (clickstream sample, session unit)', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'clickstream-sample.jsonl'));
    const r = await funnel(
      l,
      'Viewed product: path^=/products > Added to cart: css=button.add-to-cart > Order placed: css=button.place-order',
      { unit: 'session' },
    );
    assert.deepEqual(counts(r), [3, 3, 1]);
    assert.deepEqual(r.steps[2].droppedSample, ['s-0925', 's-1010']);
    assert.deepEqual(counts(await funnel(l, '/cart > /checkout', { unit: 'session' })), [3, 2]);
  });

  it('the real page-sequence sample: Homepage > Pricing > Checkout per user is 225 > 106 > 88 (as pandas computes it)', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'user_journey_raw.sample.csv'));
    assert.deepEqual(counts(await funnel(l, 'Homepage > Pricing > Checkout')), [225, 106, 88]);
    await assert.rejects(funnel(l, 'Homepage > Pricing', { window: '1d' }), /window needs times/);
  });
});
