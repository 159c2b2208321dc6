/**
 * The per-user feature table segments cluster, one SQL query:
 * - recency_days: days from the user's last event to the data's last event (never "now"); needs time.
 * - sessions: distinct sessions; events: events.
 * - monetary: sum of revenue (0 for a user without any), where the data has revenue.
 * - avg_session_minutes: mean over the user's sessions of last − first event time; needs time.
 * - categories: distinct non-NULL `category` values of the user's events, or of the products they touched
 *   (`product_id` joined to `products.category`) when events have no category column.
 * A feature that does not apply is left out and named in `dropped` with the reason.
 */
import type { SqlEngine } from '../engine';
import type { DatasetInfo } from '../types';

export const FEATURES = [
  'recency_days',
  'sessions',
  'events',
  'monetary',
  'avg_session_minutes',
  'categories',
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface FeatureTable {
  userIds: string[];
  features: FeatureName[];
  /** One column per feature, n values each, in original units. */
  columns: Float64Array[];
  dropped: { feature: FeatureName; why: string }[];
}

export async function userFeatures(engine: SqlEngine, info: DatasetInfo): Promise<FeatureTable> {
  const dropped: FeatureTable['dropped'] = [];
  const hasCategory = info.columns.some((c) => c.name === 'category');
  const productCategory = !hasCategory && info.hasProductsTable && info.columns.some((c) => c.name === 'product_id');
  const select: Partial<Record<FeatureName, string>> = { sessions: 'p.sessions', events: 'p.events' };
  if (info.hasTime) {
    select.recency_days = '(epoch_ms(l.last) - epoch_ms(p.last_ts)) / 86400000.0';
    select.avg_session_minutes = 'p.avg_ms / 60000.0';
  } else {
    dropped.push(
      { feature: 'recency_days', why: 'no timestamps' },
      { feature: 'avg_session_minutes', why: 'no timestamps' },
    );
  }
  if (info.hasRevenue) select.monetary = 'p.monetary';
  else dropped.push({ feature: 'monetary', why: 'no revenue (prices or order amounts)' });
  if (hasCategory || productCategory) select.categories = 'coalesce(c.categories, 0)';
  else dropped.push({ feature: 'categories', why: 'no category column' });
  const features = FEATURES.filter((f) => select[f] !== undefined);

  const categoryExpr = hasCategory ? 'e.category' : productCategory ? 'pr.category' : 'NULL';
  const productJoin = productCategory
    ? 'LEFT JOIN products pr ON CAST(pr.product_id AS VARCHAR) = CAST(e.product_id AS VARCHAR)'
    : '';
  // per session first (one hash aggregate), then per user; distinct categories only when there are any. Money stays
  // DECIMAL until the user's total: a parallel sum of doubles differs in its last digits from run to run.
  const rows = await engine.all<Record<string, number | string>>(`
    WITH l AS (SELECT max(ts) AS last FROM events),
    s AS (
      SELECT user_id, session_id, count(*) AS n, max(ts) AS last_ts, epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span,
             sum(CAST(revenue AS DECIMAL(38, 6))) AS revenue
      FROM events GROUP BY user_id, session_id
    ),
    p AS (
      SELECT user_id, count(*) AS sessions, sum(n) AS events, max(last_ts) AS last_ts, coalesce(CAST(sum(revenue) AS DOUBLE), 0) AS monetary,
             avg(span) AS avg_ms
      FROM s GROUP BY user_id
    ),
    c AS (
      SELECT e.user_id, count(DISTINCT ${categoryExpr}) AS categories FROM events e ${productJoin}
      ${select.categories ? '' : 'WHERE false'} GROUP BY e.user_id
    )
    SELECT p.user_id, ${features.map((f) => `CAST(${select[f]} AS DOUBLE) AS ${f}`).join(', ')}
    FROM p CROSS JOIN l LEFT JOIN c ON c.user_id = p.user_id ORDER BY p.user_id`);

  const n = rows.length;
  const columns = features.map(() => new Float64Array(n));
  const userIds = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    userIds[i] = String(r.user_id);
    for (let f = 0; f < features.length; f++) columns[f][i] = Number(r[features[f]] ?? 0);
  }
  return { userIds, features, columns, dropped };
}
