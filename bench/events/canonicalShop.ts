/**
 * A seed-like shop log built straight into the canonical tables (no CSV, no ingest), for timing the analyses
 * alone: 12,000 users over about a year, ~1.9M events (session_start, product_view, add_to_cart, purchase,
 * session_end) with page, category and revenue, and a users table with registration_date and segment.
 * Pseudo-random by hash() of ids, so every run (and thread count) builds the same rows.
 */
import type { SqlEngine } from '../../src/core/events/engine';
import type { DatasetInfo } from '../../src/core/events/types';

export async function buildCanonicalShop(engine: SqlEngine, users = 12_000): Promise<DatasetInfo> {
  // r(k) ∈ [0, 1): a stable pseudo-random number per row and purpose
  await engine.run(`CREATE OR REPLACE TABLE gen_users AS
    SELECT u AS uid, 'u' || lpad(CAST(u AS VARCHAR), 5, '0') AS user_id, CAST(hash(u, 1) % 4 AS INTEGER) AS kind,
           TIMESTAMP '2025-01-01' + to_days(CAST(hash(u, 2) % 300 AS INTEGER)) AS first
    FROM range(${users}) t(u)`);
  await engine.run(`CREATE OR REPLACE TABLE gen_sessions AS
    SELECT uid, user_id, kind, s,
           first + to_days(CAST(s * (1 + kind * 2) + hash(uid, s, 3) % 3 AS INTEGER)) + to_seconds(CAST(hash(uid, s, 4) % 86400 AS BIGINT)) AS start,
           CAST(3 + hash(uid, s, 5) % 19 AS INTEGER) AS n
    FROM (SELECT uid, user_id, kind, first, unnest(range(CAST(1 + hash(uid, 6) % (10 + kind * 10) AS INTEGER))) AS s FROM gen_users)`);
  await engine.run(`CREATE OR REPLACE TABLE events AS
    WITH e AS (
      SELECT uid, user_id, s, p, n, start, hash(uid, s, p, 7) % 100 AS r, 'c' || (hash(uid, s, p, 8) % 8) AS category,
             start + to_seconds(CAST(p * (20 + hash(uid, s, 9) % 100) AS BIGINT)) AS ts
      FROM (SELECT *, unnest(range(n)) AS p FROM gen_sessions)
    ), typed AS (
      SELECT *, CASE WHEN p = 0 THEN 'session_start' WHEN p = n - 1 THEN 'session_end'
                     WHEN r < 70 THEN 'product_view' WHEN r < 90 THEN 'add_to_cart' ELSE 'purchase' END AS event
      FROM e
    )
    SELECT row_number() OVER (ORDER BY uid, s, p) AS row_id, 'events.csv' AS file, row_number() OVER (ORDER BY uid, s, p) + 1 AS line,
           user_id, user_id || '-' || s AS session_id, ts,
           row_number() OVER (PARTITION BY user_id ORDER BY ts, s, p) AS seq, event,
           CASE event WHEN 'session_start' THEN '/home' WHEN 'session_end' THEN '/bye' WHEN 'product_view' THEN '/products/' || category
                      WHEN 'add_to_cart' THEN '/cart' ELSE '/checkout' END AS page,
           CASE WHEN event = 'purchase' THEN (hash(uid, s, p, 10) % 20000) / 100.0 END AS revenue,
           CASE WHEN event IN ('product_view', 'add_to_cart', 'purchase') THEN category END AS category
    FROM typed`);
  await engine.run(`CREATE OR REPLACE TABLE users AS
    SELECT user_id, CAST(first - to_days(CAST(hash(uid, 11) % 20 AS INTEGER)) AS DATE) AS registration_date,
           ['basic', 'plus', 'pro', 'team'][kind + 1] AS segment
    FROM gen_users`);
  await engine.run('DROP TABLE gen_sessions; DROP TABLE gen_users');
  const [range] = await engine.all<{ lo: string; hi: string }>('SELECT min(ts) AS lo, max(ts) AS hi FROM events');
  return {
    sources: [],
    columns: [{ name: 'category', type: 'VARCHAR' }],
    userColumns: [
      { name: 'user_id', type: 'VARCHAR' },
      { name: 'registration_date', type: 'DATE' },
      { name: 'segment', type: 'VARCHAR' },
    ],
    hasTime: true,
    hasRevenue: true,
    hasUsersTable: true,
    hasProductsTable: false,
    visitEvent: null,
    timeRange: { from: range.lo, to: range.hi },
  };
}
