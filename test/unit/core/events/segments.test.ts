import assert from 'node:assert/strict';
import path from 'node:path';
import type { SqlEngine } from '../../../../src/core/events/engine';
import {
  clusterUsers,
  clusterUsersSplit,
  computeSegments,
  runTrials,
  segmentRows,
  segmentsCsv,
  standardise,
} from '../../../../src/core/events/segments';
import { userFeatures } from '../../../../src/core/events/segments/features';
import { kmeans } from '../../../../src/core/events/segments/kmeans';
import { nameClusters } from '../../../../src/core/events/segments/naming';
import { SilhouetteSample } from '../../../../src/core/events/segments/silhouette';
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

const DAY = 86_400_000;
const MIN = 60_000;
const END = Date.UTC(2025, 5, 30);
const iso = (ms: number) => new Date(ms).toISOString();

/** A session of `events` events whose last is at `lastMs`, lasting `minutes`; a purchase at the end when `revenue`. */
function sessionRows(
  user: string,
  id: string,
  lastMs: number,
  minutes: number,
  category: string,
  revenue?: number,
  events = 2,
): EventRow[] {
  const rows: EventRow[] = [
    { user_id: user, session_id: id, ts: iso(lastMs - minutes * MIN), event: 'view', category },
  ];
  for (let e = 2; e < events; e++)
    rows.push({ user_id: user, session_id: id, ts: iso(lastMs - MIN), event: 'view', category });
  rows.push({
    user_id: user,
    session_id: id,
    ts: iso(lastMs),
    event: revenue ? 'purchase' : 'view',
    category,
    revenue: revenue ?? null,
  });
  return rows;
}

/**
 * Three well-separated kinds of users, 15 each (recency relative to the last event, END + 5 min):
 * F "frequent spenders": 20 sessions of 5 min, a 50 purchase in each, 3 categories, recency 0–2 days;
 * M "long sessions": 10 sessions of 3 events over 60 min, three days apart, one 10 purchase, 2 categories, recency 0–2 days;
 * L "lapsed": 1 session of 5 min, 200–214 days before the end.
 */
function blobs(): EventRow[] {
  const rows: EventRow[] = [];
  for (let i = 0; i < 15; i++) {
    const last = END + 5 * MIN - (i % 3) * DAY;
    for (let s = 0; s < 20; s++)
      rows.push(...sessionRows(`F${i}`, `F${i}-${s}`, last - s * 2 * DAY, 5, 'abc'[s % 3], 50));
    for (let s = 0; s < 10; s++)
      rows.push(
        ...sessionRows(`M${i}`, `M${i}-${s}`, last - s * 3 * DAY, 60, 'bc'[s % 2], s === 0 ? 10 : undefined, 3),
      );
    rows.push(...sessionRows(`L${i}`, `L${i}-0`, END + 5 * MIN - (200 + i) * DAY, 5, 'a'));
  }
  return rows;
}

describe('segments', () => {
  let engine: SqlEngine;
  beforeEach(async () => {
    engine = await openDuckDb();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('recovers three well-separated kinds of users exactly, named by their distinctive features, centroids in original units', async () => {
    await createEvents(engine, blobs());
    const result = await computeSegments(engine, await datasetInfo(engine), { k: 3 });
    const { report } = result;
    assert.ok(report);
    assert.equal(report.kChosenBy, 'given');
    assert.deepEqual(report.features, [
      'recency_days',
      'sessions',
      'events',
      'monetary',
      'avg_session_minutes',
      'categories',
    ]);
    const byCluster = new Map<number, Set<string>>();
    for (const row of segmentRows(result)) {
      if (!byCluster.has(row.cluster)) byCluster.set(row.cluster, new Set());
      byCluster.get(row.cluster)!.add(row.user_id[0]);
    }
    // each cluster holds exactly one kind
    assert.deepEqual([...byCluster.values()].map((s) => [...s].join('')).sort(), ['F', 'L', 'M']);
    assert.deepEqual(
      report.clusters.map((c) => c.size),
      [15, 15, 15],
    );

    const kindOf = (id: number) => [...byCluster.get(id)!][0];
    const centroid = (kind: string) => report.clusters.find((c) => kindOf(c.id) === kind)!.centroid;
    assert.deepEqual(centroid('F'), {
      recency_days: 1,
      sessions: 20,
      events: 40,
      monetary: 1000,
      avg_session_minutes: 5,
      categories: 3,
    });
    assert.deepEqual(centroid('M'), {
      recency_days: 1,
      sessions: 10,
      events: 30,
      monetary: 10,
      avg_session_minutes: 60,
      categories: 2,
    });
    assert.deepEqual(centroid('L'), {
      recency_days: 207,
      sessions: 1,
      events: 2,
      monetary: 0,
      avg_session_minutes: 5,
      categories: 1,
    });

    const name = (kind: string) => report.clusters.find((c) => kindOf(c.id) === kind)!.name;
    assert.equal(name('F'), 'high spend, frequent');
    assert.equal(name('M'), 'long sessions, recent');
    assert.equal(name('L'), 'lapsed, few events');
    assert.ok(report.silhouette > 0.8, `well separated: silhouette ${report.silhouette}`);
  });

  it('chooses k = 3 by silhouette on those blobs and gives the same clusters for the same seed', async () => {
    await createEvents(engine, blobs());
    const info = await datasetInfo(engine);
    const a = await computeSegments(engine, info);
    const b = await computeSegments(engine, info);
    assert.equal(a.report?.k, 3);
    assert.equal(a.report?.kChosenBy, 'silhouette');
    assert.deepEqual(a.report, b.report);
    assert.deepEqual(segmentRows(a), segmentRows(b));
  });

  it('with more users than the silhouette sample, chooses k on the seeded sample, fits every user and says so', async () => {
    await createEvents(engine, blobs());
    const result = await computeSegments(engine, await datasetInfo(engine), { silhouetteSample: 20 });
    assert.equal(result.report?.k, 3);
    assert.deepEqual(
      result.report?.clusters.map((c) => c.size),
      [15, 15, 15],
    );
    assert.equal(segmentRows(result).length, 45);
    assert.match(
      result.note ?? '',
      /silhouette scored on a seeded sample of 20 of 45 users, k chosen by clustering that sample/,
    );
  });

  it('splitting the trial fits of choosing k between runners (threads) changes nothing', async () => {
    await createEvents(engine, blobs());
    const table = await userFeatures(engine, await datasetInfo(engine));
    for (const options of [{ silhouetteSample: 20 }, {}, { k: 2 }]) {
      const jobs: number[][] = [];
      const split = await clusterUsersSplit(table, options, async (js) => {
        jobs.push(...js.map((j) => j.ks));
        return Promise.all(js.map(async (j) => runTrials(j)));
      });
      assert.deepEqual(split, clusterUsers(table, options));
      if (options.k === undefined)
        assert.deepEqual(jobs, [
          [4, 5, 8],
          [2, 3, 6, 7],
        ]);
      else assert.deepEqual(jobs, []);
    }
  });

  it('leaves out features that do not apply and says so; a constant feature gets z = 0', async () => {
    // no revenue, no category; every user has exactly one session
    await createEvents(engine, [
      { user_id: 'a', session_id: 'a1', ts: '2025-01-01T00:00:00Z', event: 'view' },
      { user_id: 'b', session_id: 'b1', ts: '2025-01-02T00:00:00Z', event: 'view' },
      { user_id: 'b', session_id: 'b1', ts: '2025-01-02T00:30:00Z', event: 'view' },
      { user_id: 'c', session_id: 'c1', ts: '2025-01-09T00:00:00Z', event: 'view' },
      { user_id: 'd', session_id: 'd1', ts: '2025-01-10T00:00:00Z', event: 'view' },
    ]);
    const { report, note } = await computeSegments(engine, await datasetInfo(engine), { k: 2 });
    assert.deepEqual(report?.features, ['recency_days', 'sessions', 'events', 'avg_session_minutes']);
    assert.equal(
      note,
      'no monetary feature (no revenue (prices or order amounts)); no categories feature (no category column); constant across users, so z = 0 and no weight: sessions',
    );
  });

  it('takes categories from products when events have only a product_id', async () => {
    await createEvents(engine, [
      { user_id: 'a', session_id: 'a1', ts: '2025-01-01T00:00:00Z', event: 'view', product_id: 'p1' },
      { user_id: 'a', session_id: 'a1', ts: '2025-01-01T00:01:00Z', event: 'view', product_id: 'p2' },
      { user_id: 'b', session_id: 'b1', ts: '2025-01-02T00:00:00Z', event: 'view', product_id: 'p1' },
      { user_id: 'c', session_id: 'c1', ts: '2025-01-03T00:00:00Z', event: 'view', product_id: 'p3' },
    ]);
    await engine.run(
      `CREATE TABLE products AS SELECT * FROM (VALUES ('p1', 'shoes'), ('p2', 'hats'), ('p3', NULL)) t(product_id, category)`,
    );
    const result = await computeSegments(engine, await datasetInfo(engine), { k: 2 });
    assert.deepEqual(
      segmentRows(result).map((r) => [r.user_id, r.categories]),
      [
        ['a', 2],
        ['b', 1],
        ['c', 0],
      ],
    );
  });

  it('writes every user with cluster and features as CSV, quoting ids that need it', async () => {
    await createEvents(engine, [
      { user_id: 'a,1', session_id: 's1', ts: '2025-01-01T00:00:00Z', event: 'view' },
      { user_id: '=cmd', session_id: 's2', ts: '2025-01-05T00:00:00Z', event: 'view' },
      { user_id: 'b', session_id: 's3', ts: '2025-01-09T00:00:00Z', event: 'view' },
    ]);
    await createUsers(engine, []);
    const csv = segmentsCsv(await computeSegments(engine, await datasetInfo(engine), { k: 2 }));
    const lines = csv.trimEnd().split('\n');
    assert.equal(lines[0], 'user_id,cluster,recency_days,sessions,events,avg_session_minutes');
    assert.equal(lines.length, 4);
    assert.match(lines[1], /^'=cmd,\d,4,1,1,0$/);
    assert.match(lines[2], /^"a,1",\d,8,1,1,0$/);
  });

  it('page sequences segment on sessions and events only, and say which features they lack', async function () {
    if (!hasRealEvents()) this.skip();
    await loadPageSequences(engine, path.join(realEventsDir(), 'user_journey_raw.sample.csv'));
    const result = await computeSegments(engine, await datasetInfo(engine));
    assert.deepEqual(result.report?.features, ['sessions', 'events']);
    assert.equal(segmentRows(result).length, 354);
    assert.equal(
      result.report?.clusters.reduce((a, c) => a + c.size, 0),
      354,
    );
    assert.match(
      result.note ?? '',
      /^no recency_days feature \(no timestamps\); no avg_session_minutes feature \(no timestamps\); no monetary feature/,
    );
  });

  it('too few users give no segments and say so', async () => {
    await createEvents(engine, [{ user_id: 'a', session_id: 's1', ts: '2025-01-01T00:00:00Z', event: 'view' }]);
    const { report, note } = await computeSegments(engine, await datasetInfo(engine));
    assert.equal(report, null);
    assert.match(note ?? '', /1 user\(s\) are too few to segment/);
  });
});

describe('k-means on typed arrays', () => {
  /** Four tight blobs in 2-D around (±10, ±10), 50 points each, seeded jitter. */
  function fourBlobs(): { data: Float64Array; truth: Int32Array } {
    const data = new Float64Array(200 * 2);
    const truth = new Int32Array(200);
    let s = 1;
    const jitter = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    for (let i = 0; i < 200; i++) {
      const b = i % 4;
      truth[i] = b;
      data[i * 2] = (b & 1 ? 10 : -10) + jitter();
      data[i * 2 + 1] = (b & 2 ? 10 : -10) + jitter();
    }
    return { data, truth };
  }

  it('finds the four blobs exactly with k-means++ and 10 restarts, with the inertia of those blobs', () => {
    const { data, truth } = fourBlobs();
    const r = kmeans(data, 200, 2, 4, { seed: 7 });
    const map = new Map<number, number>();
    for (let i = 0; i < 200; i++) {
      if (!map.has(truth[i])) map.set(truth[i], r.labels[i]);
      assert.equal(r.labels[i], map.get(truth[i]), `point ${i} is with its blob`);
    }
    assert.equal(new Set(map.values()).size, 4);
    // inertia is the sum of squared distances to the blob means
    let expected = 0;
    for (let b = 0; b < 4; b++) {
      const members = [...truth.keys()].filter((i) => truth[i] === b);
      const mx = members.reduce((a, i) => a + data[i * 2], 0) / members.length;
      const my = members.reduce((a, i) => a + data[i * 2 + 1], 0) / members.length;
      expected += members.reduce((a, i) => a + (data[i * 2] - mx) ** 2 + (data[i * 2 + 1] - my) ** 2, 0);
    }
    assert.ok(Math.abs(r.inertia - expected) < 1e-9 * expected, `${r.inertia} vs ${expected}`);
  });

  it('is deterministic for a seed', () => {
    const { data } = fourBlobs();
    assert.deepEqual(kmeans(data, 200, 2, 3, { seed: 3 }), kmeans(data, 200, 2, 3, { seed: 3 }));
  });

  it('more clusters than distinct points still ends, with zero inertia and labels in range (as scikit-learn, which warns)', () => {
    const data = new Float64Array([0, 0, 0, 0, 1, 1, 1, 1]);
    const r = kmeans(data, 4, 2, 3, { seed: 1 });
    assert.equal(r.inertia, 0);
    assert.ok(r.labels.every((l) => l >= 0 && l < 3));
    assert.notEqual(r.labels[0], r.labels[2]);
  });

  it('scores silhouette like scikit-learn: 1 − a/b for two tight pairs', () => {
    // points 0,1 at x=0 and x=1; 2,3 at x=10 and x=11: a = 1, b = mean distance to the other pair
    const data = new Float64Array([0, 1, 10, 11]);
    const s = new SilhouetteSample(data, 4, 1, 5000, 0);
    const labels = Int32Array.from([0, 0, 1, 1]);
    const expected = (1 - 1 / 10.5 + (1 - 1 / 9.5) + (1 - 1 / 9.5) + (1 - 1 / 10.5)) / 4;
    assert.ok(Math.abs(s.score(labels, 2) - expected) < 1e-6);
  });

  it('standardises with the population standard deviation and names clusters by their largest |z|', () => {
    const z = standardise({
      userIds: ['a', 'b'],
      features: ['sessions', 'monetary'],
      columns: [Float64Array.from([1, 3]), Float64Array.from([5, 5])],
      dropped: [],
    });
    assert.deepEqual(Array.from(z.data), [-1, 0, 1, 0]);
    assert.deepEqual(z.constant, ['monetary']);
    assert.deepEqual(
      nameClusters(
        ['sessions', 'monetary', 'recency_days'],
        [
          [1.2, 0.9, 0.1],
          [-0.1, 0.2, 0.1],
          [0.3, -2, 0.4],
        ],
      ),
      ['frequent, high spend', 'typical', 'low spend'],
    );
  });
});
