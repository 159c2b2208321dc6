import assert from 'node:assert/strict';
import type { SqlEngine } from '../../../../src/core/events/engine';
import { openDuckDb } from '../../../../src/node/events/duckdbEngine';

describe('DuckDB engine: values come back JSON-safe (the SqlEngine contract in engine.ts)', () => {
  let engine: SqlEngine;
  before(async () => (engine = await openDuckDb()));
  after(async () => engine.close());

  it('integers as numbers (beyond 2^53 as strings), decimals as numbers, times as ISO strings, lists and structs nested', async () => {
    const rows =
      await engine.all(`SELECT 42::BIGINT AS big, 9007199254740993::BIGINT AS huge, 12.34::DECIMAL(10, 2) AS dec,
      1.5::DOUBLE AS dbl, true AS ok, 'a"b' AS txt, NULL::VARCHAR AS nothing,
      TIMESTAMP '2025-02-06 09:25:02.5' AS ts, DATE '2025-02-06' AS day,
      [1::BIGINT, NULL, 3] AS list, {'n': 7::BIGINT, 'at': TIMESTAMP '2025-01-01 00:00:00', 'xs': [DATE '2025-01-02']} AS st,
      '\\x01\\x02'::BLOB AS bytes`);
    assert.deepEqual(rows, [
      {
        big: 42,
        huge: '9007199254740993',
        dec: 12.34,
        dbl: 1.5,
        ok: true,
        txt: 'a"b',
        nothing: null,
        ts: '2025-02-06T09:25:02.500Z',
        day: '2025-02-06T00:00:00.000Z',
        list: [1, null, 3],
        st: { n: 7, at: '2025-01-01T00:00:00.000Z', xs: ['2025-01-02T00:00:00.000Z'] },
        bytes: 'AQI=',
      },
    ]);
  });

  it('every row of a result that spans several chunks, in order, keyed by column name (a repeated name gets :1, as in DuckDB row objects)', async () => {
    const rows = await engine.all<{ i: number; 'i:1': number }>(
      'SELECT i, i * 2 AS i FROM range(5000) r(i) ORDER BY i',
    );
    assert.equal(rows.length, 5000);
    assert.deepEqual(rows[4999], { i: 4999, 'i:1': 9998 });
    assert.ok(rows.every((r, k) => r.i === k && r['i:1'] === 2 * k));
    assert.deepEqual(await engine.all('SELECT 1 AS one WHERE false'), []);
  });
});

describe('DuckDB engine: numeric columns as typed arrays, and back (columns / insertColumns)', () => {
  let engine: SqlEngine;
  before(async () => (engine = await openDuckDb()));
  after(async () => engine.close());

  it('reads every column of a many-chunk result in order as doubles, NULL as NaN, and writes them back with NULLs', async () => {
    const cols = await engine.columns(
      `SELECT i::INTEGER AS i, CASE WHEN i % 7 = 3 THEN NULL ELSE i * 1.5 END AS x, (i % 2 = 0) AS even,
              epoch_ms(TIMESTAMP '2025-01-01' + to_seconds(i)) AS t
       FROM range(5000) r(i) ORDER BY i DESC`,
    );
    assert.deepEqual(Object.keys(cols), ['i', 'x', 'even', 't']);
    assert.equal(cols.i.length, 5000);
    for (let r = 0; r < 5000; r++) {
      const i = 4999 - r;
      assert.equal(cols.i[r], i);
      if (i % 7 === 3) assert.ok(Number.isNaN(cols.x[r]), `row ${r}`);
      else assert.equal(cols.x[r], i * 1.5);
      assert.equal(cols.even[r], i % 2 === 0 ? 1 : 0);
      assert.equal(cols.t[r], Date.UTC(2025, 0, 1) + i * 1000);
    }
    await engine.insertColumns('jl_test_back', [
      { name: 'i', type: 'INTEGER', values: cols.i },
      { name: 'x', type: 'DOUBLE', values: cols.x },
    ]);
    const [back] = await engine.all<{ n: number; nulls: number; sum: number; last: number }>(
      `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE x IS NULL)::BIGINT AS nulls, sum(i)::BIGINT AS sum,
              max(x) AS last FROM jl_test_back`,
    );
    assert.deepEqual(back, { n: 5000, nulls: 714, sum: (4999 * 5000) / 2, last: 4999 * 1.5 });
    const empty = await engine.columns('SELECT 1 AS one WHERE false');
    assert.equal(empty.one.length, 0);
  });
});

describe('DuckDB engine: fork() (the second connection report.ts runs sections on)', () => {
  it('sees the same tables, keeps TEMP tables of its own, and runs at the same time as the first connection', async () => {
    const engine = await openDuckDb();
    const second = await engine.fork!();
    try {
      await engine.run('CREATE TABLE shared AS SELECT range AS i FROM range(3)');
      await engine.run("CREATE TEMP TABLE scratch AS SELECT 'main' AS who");
      await second.run("CREATE TEMP TABLE scratch AS SELECT 'second' AS who");
      assert.deepEqual(await second.all('SELECT count(*)::BIGINT AS n FROM shared'), [{ n: 3 }]);
      assert.deepEqual(await engine.all('SELECT who FROM scratch'), [{ who: 'main' }]);
      assert.deepEqual(await second.all('SELECT who FROM scratch'), [{ who: 'second' }]);
      // Both connections busy at once: each answers its own query.
      const heavy = (on: SqlEngine, tag: string) =>
        on.all(`SELECT '${tag}' AS tag, sum(range)::BIGINT AS s FROM range(3000000)`);
      const [a, b] = await Promise.all([heavy(engine, 'a'), heavy(second, 'b')]);
      assert.deepEqual([a, b], [[{ tag: 'a', s: 4499998500000 }], [{ tag: 'b', s: 4499998500000 }]]);
    } finally {
      await second.close();
      await engine.close();
    }
  });
});
