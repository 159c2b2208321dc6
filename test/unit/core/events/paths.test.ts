import assert from 'node:assert/strict';
import path from 'node:path';
import type { SqlEngine } from '../../../../src/core/events/engine';
import { computePaths } from '../../../../src/core/events/queries/paths';
import { openDuckDb } from '../../../../src/node/events/duckdbEngine';
import {
  createEvents,
  createUsers,
  datasetInfo,
  hasRealEvents,
  loadPageSequences,
  realEventsDir,
  type EventRow,
} from './support/canonicalTables';

/** One event per page, `pages` split on '-', in order. */
function session(user: string, sessionId: string, pages: string, extra: Partial<EventRow> = {}): EventRow[] {
  return pages.split('-').map((page) => ({ user_id: user, session_id: sessionId, page, ...extra }));
}

describe('paths', () => {
  let engine: SqlEngine;
  beforeEach(async () => {
    engine = await openDuckDb();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('collapses consecutive repeats: Log in-Log in-Log in is one visit', async () => {
    await createEvents(engine, session('u1', 's1', 'Homepage-Log in-Log in-Log in-Pricing'));
    const { report } = await computePaths(engine, await datasetInfo(engine));
    assert.ok(report);
    const login = report.pages.find((p) => p.page === 'Log in');
    assert.deepEqual(login, { page: 'Log in', visits: 1, journeys: 1, importance: 1 });
    assert.deepEqual(report.transitions, [
      { from: 'Homepage', to: 'Log in', count: 1 },
      { from: 'Log in', to: 'Pricing', count: 1 },
    ]);
    assert.deepEqual(report.length, { mean: 3, median: 3, p90: 3 });
  });

  it("joins a user's sessions in seq order, collapsing a repeat across the session boundary", async () => {
    await createEvents(engine, [
      ...session('u1', 's1', 'A-B', { ts: '2025-01-01T10:00:00Z' }),
      // given first but later in time: seq puts it second
      ...session('u1', 's3', 'C-A', { ts: '2025-01-03T10:00:00Z' }),
      ...session('u1', 's2', 'B-C', { ts: '2025-01-02T10:00:00Z' }),
    ]);
    const { report } = await computePaths(engine, await datasetInfo(engine));
    assert.ok(report);
    assert.equal(report.units, 1);
    // A-B | B-C | C-A joined is A-B-B-C-C-A, collapsed A-B-C-A
    assert.deepEqual(report.sequences, [
      { pages: ['A', 'B', 'C'], count: 1 },
      { pages: ['B', 'C', 'A'], count: 1 },
    ]);
    assert.deepEqual(
      report.pages.map((p) => [p.page, p.visits, p.journeys]),
      [
        ['A', 2, 1],
        ['B', 1, 1],
        ['C', 1, 1],
      ],
    );
    assert.equal(report.length.mean, 4);
  });

  it('with unit=session each session is its own path and repeats are collapsed within it only', async () => {
    await createEvents(engine, [
      ...session('u1', 's1', 'A-B'),
      ...session('u1', 's2', 'B-C'),
      ...session('u2', 's3', 'A'),
    ]);
    const { report } = await computePaths(engine, await datasetInfo(engine), { unit: 'session' });
    assert.ok(report);
    assert.equal(report.unit, 'session');
    assert.equal(report.units, 3);
    assert.deepEqual(
      report.pages.find((p) => p.page === 'B'),
      { page: 'B', visits: 2, journeys: 2, importance: 2 / 3 },
    );
    assert.deepEqual(report.transitions, [
      { from: 'A', to: 'B', count: 1 },
      { from: 'B', to: 'C', count: 1 },
    ]);
  });

  it('drops pages before collapsing, so A-X-A with X dropped is one visit of A', async () => {
    await createEvents(engine, [...session('u1', 's1', 'A-X-A-B'), ...session('u2', 's2', 'Xtra-X')]);
    const { report } = await computePaths(engine, await datasetInfo(engine), { dropPages: '^X$' });
    assert.ok(report);
    // u2 keeps Xtra (the pattern is anchored), so both users still have a path
    assert.equal(report.units, 2);
    assert.deepEqual(
      report.pages.map((p) => [p.page, p.visits]),
      [
        ['A', 1],
        ['B', 1],
        ['Xtra', 1],
      ],
    );
    assert.deepEqual(report.transitions, [{ from: 'A', to: 'B', count: 1 }]);
  });

  it('a pattern that drops every page gives no report and says why; a broken pattern is a clear error', async () => {
    await createEvents(engine, session('u1', 's1', 'A-B'));
    const none = await computePaths(engine, await datasetInfo(engine), { dropPages: '.' });
    assert.equal(none.report, null);
    assert.match(none.note ?? '', /drop-pages/);
    await assert.rejects(
      computePaths(engine, await datasetInfo(engine), { dropPages: '(' }),
      /--drop-pages "\(" is not a valid regular expression/,
    );
  });

  it('importance is the share of units whose path holds the page, visits count every occurrence', async () => {
    await createEvents(engine, [
      ...session('u1', 's1', 'A-B-A-B'),
      ...session('u2', 's2', 'A'),
      ...session('u3', 's3', 'C'),
      ...session('u4', 's4', 'C-A'),
    ]);
    const { report } = await computePaths(engine, await datasetInfo(engine));
    assert.ok(report);
    assert.deepEqual(report.pages, [
      { page: 'A', visits: 4, journeys: 3, importance: 0.75 },
      { page: 'C', visits: 2, journeys: 2, importance: 0.5 },
      { page: 'B', visits: 2, journeys: 1, importance: 0.25 },
    ]);
  });

  it('counts every occurrence of a 3-page sequence, overlapping ones too, ordered by count then pages', async () => {
    await createEvents(engine, [...session('u1', 's1', 'A-B-A-B-A'), ...session('u2', 's2', 'C-D-E')]);
    const { report } = await computePaths(engine, await datasetInfo(engine), { top: 2 });
    assert.ok(report);
    // A-B-A at 0 and 2, B-A-B at 1; C-D-E once; top 2 keeps the two most common
    assert.deepEqual(report.sequences, [
      { pages: ['A', 'B', 'A'], count: 2 },
      { pages: ['B', 'A', 'B'], count: 1 },
    ]);
    assert.deepEqual(report.transitions, [
      { from: 'A', to: 'B', count: 2 },
      { from: 'B', to: 'A', count: 2 },
    ]);
  });

  it('path length mean, median and p90 interpolate linearly between ranks (numpy default)', async () => {
    // collapsed lengths 1, 2, 3, 4, 10
    await createEvents(engine, [
      ...session('u1', 's1', 'A'),
      ...session('u2', 's2', 'A-B'),
      ...session('u3', 's3', 'A-B-C'),
      ...session('u4', 's4', 'A-B-C-B'),
      ...session('u5', 's5', 'A-B-A-B-A-B-A-B-A-B'),
    ]);
    const { report } = await computePaths(engine, await datasetInfo(engine));
    assert.ok(report);
    assert.equal(report.length.mean, 4);
    assert.equal(report.length.median, 3);
    // numpy.percentile([1,2,3,4,10], 90) = 4 + 0.6 × (10 − 4) = 7.6
    assert.ok(Math.abs(report.length.p90 - 7.6) < 1e-12, String(report.length.p90));
  });

  it('breaks everything down by a users-table column, and by the value on the first event for an events column', async () => {
    await createEvents(engine, [
      ...session('u1', 's1', 'A-B', { plan: 'Annual' }),
      ...session('u2', 's2', 'A-C', { plan: 'Monthly' }),
      ...session('u3', 's3', 'B-B', { plan: 'Annual' }),
      // u4's first event has no plan: its group is (none), whatever later events say
      { user_id: 'u4', session_id: 's4', page: 'C' },
      { user_id: 'u4', session_id: 's4', page: 'A', plan: 'Monthly' },
    ]);
    await createUsers(engine, [
      { user_id: 'u1', tier: 'gold' },
      { user_id: 'u2', tier: 'gold' },
      { user_id: 'u3', tier: 'silver' },
    ]);
    const info = await datasetInfo(engine);

    const byEvents = (await computePaths(engine, info, { by: 'plan' })).report;
    assert.ok(byEvents?.byGroup);
    assert.equal(byEvents.byGroup.by, 'plan');
    assert.deepEqual(
      byEvents.byGroup.groups.map((g) => [g.value, g.units]),
      [
        ['Annual', 2],
        ['(none)', 1],
        ['Monthly', 1],
      ],
    );
    const annual = byEvents.byGroup.groups[0];
    assert.deepEqual(annual.pages, [
      { page: 'B', visits: 2, journeys: 2, importance: 1 },
      { page: 'A', visits: 1, journeys: 1, importance: 0.5 },
    ]);
    assert.deepEqual(annual.transitions, [{ from: 'A', to: 'B', count: 1 }]);
    assert.deepEqual(annual.length, { mean: 1.5, median: 1.5, p90: 1.9 });
    assert.deepEqual(byEvents.byGroup.groups[1].transitions, [{ from: 'C', to: 'A', count: 1 }]);

    const byUsers = (await computePaths(engine, info, { by: 'tier' })).report;
    assert.ok(byUsers?.byGroup);
    // u4 is not in users.csv: group (none)
    assert.deepEqual(
      byUsers.byGroup.groups.map((g) => [g.value, g.units]),
      [
        ['gold', 2],
        ['(none)', 1],
        ['silver', 1],
      ],
    );
    assert.equal(byUsers.units, 4, 'the overall summary is unchanged by the breakdown');
  });

  it('an unknown --by column keeps the overall paths and names the columns there are', async () => {
    await createEvents(engine, session('u1', 's1', 'A-B', { plan: 'Annual' }));
    const { report, note } = await computePaths(engine, await datasetInfo(engine), { by: 'nope' });
    assert.ok(report);
    assert.equal(report.byGroup, null);
    assert.match(note ?? '', /--by nope: no such column \(events has plan\)/);
  });

  it('a --by column with quotes in its name is an identifier, not SQL', async () => {
    await createEvents(engine, [
      ...session('u1', 's1', 'A-B', { 'plan "x"; --': 'p' }),
      ...session('u2', 's2', 'A', { 'plan "x"; --': 'q' }),
    ]);
    const { report } = await computePaths(engine, await datasetInfo(engine), { by: 'plan "x"; --' });
    assert.deepEqual(
      report?.byGroup?.groups.map((g) => [g.value, g.units]),
      [
        ['p', 1],
        ['q', 1],
      ],
    );
  });

  it('page names are data, not SQL: quotes and regex characters pass through unharmed', async () => {
    await createEvents(engine, session('u1', 's1', 'O\'Brien-a"b-(x)'));
    const { report } = await computePaths(engine, await datasetInfo(engine), { dropPages: '^\\(x\\)$' });
    assert.deepEqual(report?.transitions, [{ from: "O'Brien", to: 'a"b', count: 1 }]);
  });
});

describe('paths on the real page-sequence sample, against pandas (bench/events/pandas_paths.py)', function () {
  let engine: SqlEngine;
  before(async function () {
    if (!hasRealEvents()) {
      console.warn(
        `    skipped: ${realEventsDir()} is absent (set JOURNEY_LENS_SHARED to the folder holding real-events)`,
      );
      this.skip();
    }
    engine = await openDuckDb();
    await loadPageSequences(engine, path.join(realEventsDir(), 'user_journey_raw.sample.csv'));
  });
  after(async () => {
    await engine?.close();
  });

  // Numbers printed by `/usr/bin/python3 bench/events/pandas_paths.py ../shared/real-events/user_journey_raw.sample.csv`
  // and checked equal page by page (all 17 pages, top 10 transitions and sequences, each plan) when this was written.
  it('per user: 354 users, the same page importances, transitions, sequences and length as pandas', async () => {
    const { report } = await computePaths(engine, await datasetInfo(engine));
    assert.ok(report);
    assert.equal(report.units, 354);
    assert.equal(report.pages.length, 17);
    assert.deepEqual(
      report.pages.slice(0, 6).map((p) => [p.page, p.visits, p.journeys]),
      [
        ['Checkout', 357, 228],
        ['Homepage', 718, 225],
        ['Log in', 599, 205],
        ['Sign up', 329, 193],
        ['Other', 274, 169],
        ['Coupon', 174, 148],
      ],
    );
    assert.ok(Math.abs(report.pages[0].importance - 0.6440677966101694) < 1e-12);
    assert.deepEqual(
      report.transitions.slice(0, 5).map((t) => [t.from, t.to, t.count]),
      [
        ['Homepage', 'Log in', 258],
        ['Log in', 'Homepage', 213],
        ['Log in', 'Checkout', 194],
        ['Sign up', 'Log in', 113],
        ['Homepage', 'Pricing', 107],
      ],
    );
    assert.deepEqual(report.sequences.slice(0, 3), [
      { pages: ['Log in', 'Homepage', 'Log in'], count: 140 },
      { pages: ['Homepage', 'Log in', 'Homepage'], count: 114 },
      { pages: ['Homepage', 'Log in', 'Checkout'], count: 84 },
    ]);
    assert.equal(report.transitions.length, 50);
    assert.equal(report.sequences.length, 50);
    assert.ok(Math.abs(report.length.mean - 10.23728813559322) < 1e-9);
    assert.equal(report.length.median, 6.5);
    assert.equal(report.length.p90, 23);
  });

  it('per session: 2,664 sessions with the same length and top transitions as pandas', async () => {
    const { report } = await computePaths(engine, await datasetInfo(engine), { unit: 'session' });
    assert.ok(report);
    assert.equal(report.units, 2664);
    assert.ok(Math.abs(report.length.mean - 1.7240990990990992) < 1e-9);
    assert.equal(report.length.median, 1);
    assert.equal(report.length.p90, 3);
    assert.deepEqual(
      report.transitions.slice(0, 3).map((t) => [t.from, t.to, t.count]),
      [
        ['Homepage', 'Log in', 256],
        ['Homepage', 'Pricing', 106],
        ['Homepage', 'Sign up', 92],
      ],
    );
  });

  it('by subscription_type: the same group sizes, top pages and p90 as pandas', async () => {
    const { report } = await computePaths(engine, await datasetInfo(engine), { by: 'subscription_type' });
    const groups = report?.byGroup?.groups ?? [];
    assert.deepEqual(
      groups.map((g) => [g.value, g.units]),
      [
        ['Annual', 233],
        ['Monthly', 110],
        ['Quarterly', 11],
      ],
    );
    const monthly = groups[1];
    assert.deepEqual(
      monthly.pages.slice(0, 2).map((p) => [p.page, p.visits, p.journeys]),
      [
        ['Checkout', 152, 98],
        ['Sign up', 137, 81],
      ],
    );
    assert.ok(Math.abs(monthly.length.p90 - 24.3) < 1e-9, String(monthly.length.p90));
    assert.ok(Math.abs(monthly.length.mean - 10.663636363636364) < 1e-9);
    assert.deepEqual(groups[2].transitions[0], { from: 'Log in', to: 'Checkout', count: 11 });
  });
});
