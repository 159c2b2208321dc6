/**
 * Simple LTV, the Shutterfly code challenge's definition.
 *
 * Per customer (a `user_id` of the events): a = expenditure per site visit × site visits per week, and
 * LTV = 52 × a × t, with t the customer lifespan in years (default 10).
 * - expenditure: the sum of `revenue` over the customer's events (an ORDER's amount, once per key after ingest).
 * - visits: events named `info.visitEvent` (typed events: SITE_VISIT) where set, else the customer's sessions.
 * - weeks: the time frame of the whole data, latest minus earliest `ts` over every event (never "now"), in weeks,
 *   fractional, and at least 1: a frame shorter than a week counts as one week (the sample's single customer,
 *   one visit and 12.34 USD within one day, gets 52 × 12.34 × 1 × 10 = 6416.80).
 * - a customer with no visit has no expenditure per visit: their a is 0 (and the note counts them).
 * - LTV is rounded to cents; the top X are ordered by LTV descending, ties by customer id ascending.
 * Without revenue or without time there is no LTV: null and a note.
 */
import type { SqlEngine } from '../engine';
import { lit, num } from '../sql';
import type { DatasetInfo, LtvReport } from '../types';

export interface LtvOptions {
  /** How many customers to return (default 10). */
  top?: number;
  /** Customer lifespan t in years (default 10). */
  lifespanYears?: number;
}

export interface LtvResult {
  report: LtvReport | null;
  note?: string;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function computeLtv(engine: SqlEngine, info: DatasetInfo, options: LtvOptions = {}): Promise<LtvResult> {
  const t = options.lifespanYears ?? 10;
  const top = Math.max(0, Math.floor(options.top ?? 10));
  if (!(t > 0) || !Number.isFinite(t)) throw new Error(`the lifespan must be a positive number of years, not ${t}`);
  if (!info.hasRevenue) return { report: null, note: 'no event carries revenue (prices or order amounts), so no LTV' };
  if (!info.hasTime) return { report: null, note: 'the data has no timestamps, so no time frame in weeks and no LTV' };

  const [frame] = await engine.all<{ span: number | null }>(
    'SELECT epoch_ms(max(ts)) - epoch_ms(min(ts)) AS span FROM events',
  );
  const weeks = Math.max(1, (frame.span ?? 0) / WEEK_MS);
  const visits =
    info.visitEvent !== null ? `count(*) FILTER (WHERE event = ${lit(info.visitEvent)})` : 'count(DISTINCT session_id)';

  const rows = await engine.all<{
    customer: string;
    visits: number;
    expenditure: number;
    ltv: number;
    customers: number;
    unvisited: number;
  }>(`
    -- Money summed as DECIMAL: a parallel sum of doubles differs in its last digits from run to run.
    WITH per AS (
      SELECT user_id AS customer, ${visits} AS visits, coalesce(CAST(sum(CAST(revenue AS DECIMAL(38, 6))) AS DOUBLE), 0) AS expenditure FROM events GROUP BY user_id
    ), scored AS (
      SELECT *, CASE WHEN visits > 0 THEN 52 * (expenditure / visits) * (visits / ${num(weeks)}) * ${num(t)} ELSE 0 END AS ltv FROM per
    )
    SELECT customer, visits, expenditure, round(ltv, 2) AS ltv,
           count(*) OVER () AS customers, count(*) FILTER (WHERE visits = 0) OVER () AS unvisited
    FROM scored ORDER BY round(ltv, 2) DESC, customer LIMIT ${num(Math.max(top, 1))}`);

  const unvisited = rows[0]?.unvisited ?? 0;
  const report: LtvReport = {
    weeks,
    lifespanYears: t,
    top: rows.slice(0, top).map((r) => ({
      customer: r.customer,
      ltv: r.ltv,
      visits: r.visits,
      expenditure: r.expenditure,
      visitsPerWeek: r.visits / weeks,
    })),
  };
  const notes: string[] = [];
  if (weeks === 1 && (frame.span ?? 0) < WEEK_MS) notes.push('the data spans less than a week, counted as one week');
  if (unvisited) notes.push(`${unvisited} customer(s) without a ${info.visitEvent ?? 'session'} have LTV 0`);
  return { report, note: notes.length ? notes.join('; ') : undefined };
}
