import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EventsReport } from '../../../../src/core/events/types';
import { generateShopLog } from '../../../../bench/events/generate';
import { REAL_EVENTS, runEventsCli as cli } from './helpers';

describe('journey-lens events (CLI end to end)', function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jl-events-cli-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const report = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as EventsReport;

  it('clickstream sample: the funnel as bars, friction, a JSON report', async () => {
    const json = path.join(dir, 'r.json');
    const r = await cli([
      path.join(REAL_EVENTS, 'clickstream-sample.jsonl'),
      '--unit',
      'session',
      '--json',
      json,
      '--funnel',
      'Viewed product: path^=/products > Added to cart: css=button.add-to-cart > Order placed: css=button.place-order',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3\. Order placed +█{13}·{27} +1 +33\.3%/);
    assert.match(r.stdout, /Payment declined @ \/checkout: 1 sessions, 1 users, 0\.0% completed vs 50\.0% without it/);
    assert.match(r.stderr, /reading clickstream-sample\.jsonl \(jsonl\)/);
    const rep = await report(json);
    assert.equal(rep.schemaVersion, 1);
    assert.equal(rep.kind, 'events');
    assert.deepEqual(
      rep.sources.map((s) => [s.file, s.layout, s.rows, s.rejected, s.roles]),
      [
        [
          'clickstream-sample.jsonl',
          'jsonl',
          19,
          0,
          { user: 'user_id', session: 'session_id', time: 'event_time', event: null },
        ],
      ],
    );
    assert.deepEqual(
      rep.funnel!.steps.map((s) => s.count),
      [3, 3, 1],
    );
    assert.equal(rep.funnel!.suggested, false);
    // Three sessions of one shopper walk 9 pages; no prices, so no LTV, and the note says why.
    assert.equal(rep.paths!.units, 3);
    assert.equal(rep.paths!.pages.length, 9);
    assert.ok(rep.paths!.pages.some((p) => p.page === '/checkout'));
    assert.equal(rep.ltv, null);
    assert.match(rep.notes.ltv!, /no event carries revenue/);
  });

  it('Shutterfly sample: typed events, SITE_VISIT > ORDER', async () => {
    const json = path.join(dir, 'r.json');
    const r = await cli([
      path.join(REAL_EVENTS, 'shutterfly-sample-events.txt'),
      '--funnel',
      'SITE_VISIT > ORDER',
      '--json',
      json,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rep = await report(json);
    assert.deepEqual(rep.units, { users: 1, sessions: 1, events: 4 });
    assert.equal(rep.sources[0].layout, 'typed-events');
    assert.deepEqual(
      rep.funnel!.steps.map((s) => [s.count, s.medianTimeFromPreviousMs]),
      [
        [1, null],
        [1, 603_514],
      ],
    );
  });

  it('page-sequence sample: Homepage > Pricing > Checkout is 225 > 106 > 88 users, with a breakdown by subscription type', async () => {
    const json = path.join(dir, 'r.json');
    const r = await cli([
      path.join(REAL_EVENTS, 'user_journey_raw.sample.csv'),
      '--funnel',
      'Homepage > Pricing > Checkout',
      '--by',
      'subscription_type',
      '--json',
      json,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rep = await report(json);
    assert.deepEqual(rep.units, { users: 354, sessions: 2664, events: 22810 });
    assert.deepEqual(
      rep.funnel!.steps.map((s) => s.count),
      [225, 106, 88],
    );
    const groups = rep.funnel!.breakdown!.groups;
    assert.equal(
      groups.reduce((n, g) => n + g.steps[0].count, 0),
      225,
    );
    assert.deepEqual(groups.map((g) => g.value).sort(), ['Annual', 'Monthly', 'Quarterly']);
  });

  it('a generated shop log folder: events with users.csv and products.csv, a suggested funnel, checkout errors as friction', async () => {
    const g = await generateShopLog(dir, 150, 7);
    const json = path.join(dir, 'out', 'r.json');
    const r = await cli([dir, '--window', '7d', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    const rep = await report(json);
    assert.deepEqual(rep.units.users, 150);
    assert.deepEqual(rep.units.events, g.events);
    assert.deepEqual(rep.sources.map((s) => s.table).sort(), ['events', 'products', 'users']);
    assert.equal(rep.funnel!.suggested, true);
    assert.deepEqual(
      rep.funnel!.steps.map((s) => s.name),
      ['session_start', 'product_view', 'add_to_cart', 'purchase'],
    );
    assert.match(r.stdout, /Funnel \(suggested from the data/);
    assert.equal(rep.friction![0].message, 'checkout_error');
    assert.ok(rep.friction![0].conversionRate < rep.friction![0].baselineConversionRate);
  });

  it('--segments-csv writes every user with its cluster and features; --html writes the dashboard with the report in it', async () => {
    await generateShopLog(dir, 120, 3);
    const json = path.join(dir, 'out', 'r.json');
    const csv = path.join(dir, 'out', 'segments.csv');
    const html = path.join(dir, 'out', 'dashboard.html');
    const r = await cli([dir, '--segments', '3', '--json', json, '--segments-csv', csv, '--html', html, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Segments of 120 users written to/);
    const rep = await report(json);
    const lines = (await readFile(csv, 'utf8')).trimEnd().split('\n');
    assert.equal(lines[0], ['user_id', 'cluster', ...rep.segments!.features].join(','));
    assert.equal(lines.length, 121);
    // The CSV's cluster sizes are the report's.
    const sizes = new Map<string, number>();
    for (const l of lines.slice(1)) sizes.set(l.split(',')[1], (sizes.get(l.split(',')[1]) ?? 0) + 1);
    assert.deepEqual(
      rep.segments!.clusters.map((c) => sizes.get(String(c.id))),
      rep.segments!.clusters.map((c) => c.size),
    );
    const page = await readFile(html, 'utf8');
    assert.match(page, /<meta http-equiv="Content-Security-Policy"/);
    assert.ok(page.includes(`"users":${rep.units.users}`) || page.includes(`"users": ${rep.units.users}`));
    assert.deepEqual((await readdir(path.join(dir, 'out'))).sort(), ['dashboard.html', 'r.json', 'segments.csv']);
  });

  it('malformed rows are located in the summary and the report, and the rest analysed', async () => {
    await writeFile(
      path.join(dir, 'events.csv'),
      'user_id,event,timestamp\nu,a,2025-01-01 10:00:00\nu,b\nu,c,yesterday\nu,d,2025-01-01 10:01:00\n',
    );
    const json = path.join(dir, 'r.json');
    const r = await cli([dir, '--funnel', 'a > d', '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✗ events\.csv:3:\d+ wrong number of columns/);
    assert.match(r.stdout, /✗ events\.csv:4:3 time "yesterday"/);
    const rep = await report(json);
    assert.deepEqual(
      rep.problems.map((p) => p.line),
      [3, 4],
    );
    assert.deepEqual(
      rep.funnel!.steps.map((s) => s.count),
      [1, 1],
    );
  });

  it('exit 2 on bad usage; exit 1 when nothing can be read', async () => {
    assert.equal((await cli([REAL_EVENTS, '--order', 'sideways'])).code, 2);
    assert.equal((await cli([REAL_EVENTS, '--funnel', 'a >> b'])).code, 2);
    assert.equal((await cli([REAL_EVENTS, '--html'])).code, 2);
    await writeFile(path.join(dir, 'empty.csv'), '');
    const empty = await cli([dir]);
    assert.equal(empty.code, 1);
    assert.match(empty.stdout, /empty\.csv empty file/);
  });

  it('--json replaces an existing report through a temp file in the same folder, leaving no temp behind', async () => {
    const json = path.join(dir, 'r.json');
    await writeFile(json, '{"old": true}');
    const r = await cli([path.join(REAL_EVENTS, 'shutterfly-sample-events.txt'), '--json', json]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await report(json)).kind, 'events');
    assert.deepEqual(await readdir(dir), ['r.json']);
    assert.ok(!existsSync(`${json}.tmp`));
  });
});
