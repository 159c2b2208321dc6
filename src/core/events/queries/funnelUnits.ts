/**
 * The per-unit core of a funnel: for every unit (user or session) its best attempt — how far it got and
 * when it reached each step — written to a temp table that the funnel report, step details and friction read.
 *
 * Definitions (README "Event logs"):
 * - sequential (default): every event matching step 1 starts an attempt; each next step is the first later event
 *   (by `seq`, so equal timestamps keep the log's order) matching it; one event advances an attempt at most one step,
 *   so an event matching steps 1 and 2 cannot be both. With a window every step lies within `window` of the attempt's
 *   step-1 event, inclusive. A unit reaches the furthest step of its best attempt.
 * - strict: as sequential, but each next step must be the unit's very next event; any other event in between ends
 *   the attempt (PostHog's "strict order").
 * - any: an attempt starts at any event matching some step; it reaches n if n distinct steps are matched at or after
 *   it within the window (an event counts for the first step it matches). Steps are then numbered in the order reached.
 * The best attempt is the one reaching furthest; among those, the one that got there first; among those, the latest
 * start (the tightest). Times from the previous step and the breakdown value come from that attempt.
 * The attempts are walked in JavaScript (funnelAttempts.ts) over the matching rows, read as typed arrays; SQL
 * matches the steps and joins the ids and the breakdown back.
 */
import type { SqlEngine } from '../engine';
import { ident } from '../sql';
import type { DatasetInfo, FunnelDefinition } from '../types';
import { bestAttempts, matchCounts, MAX_FUNNEL_STEPS, type MatchRows } from './funnelAttempts';
import { conditionsSql } from './stepMatch';
import { UNIT_KEYS } from './unitKeys';

export const UNITS_TABLE = 'funnel_units';

/** Columns a step-match read carries only when asked: each costs ~15% of a read. */
export type OptionalMatchColumn = 'sid' | 'row';

/** A step-match read in user order: the user key, time and step mask of every row, and the asked-for columns. */
export interface UserOrderedMatches {
  uid: Float64Array;
  t: Float64Array;
  mask: Float64Array;
  /** Session keys: for the session unit (friction's). */
  sid?: Float64Array;
  /** Row ids: for a breakdown by the value on an attempt's first event. */
  row?: Float64Array;
}

/**
 * Reads of the same steps, shared: within a report the funnel (per user) and friction (per session) match the same
 * events, and an edit of a funnel's window, unit or breakdown matches them again; reading them is most of a funnel's
 * cost. Keyed by the steps' SQL; a read lacking an asked-for column is replaced by one with both sets. The engine
 * keeps one per loaded log (a load starts a new one).
 */
export class MatchCache {
  /** Reads kept (up to 40 bytes a matching event each): the pinned one and the latest other. */
  private static readonly KEEP = 2;
  private readonly reads = new Map<
    string,
    { columns: Set<OptionalMatchColumn>; read: Promise<UserOrderedMatches>; pinned: boolean }
  >();

  /**
   * `pin`: keep this read while others come and go (the report's funnel, which the edits are made from); a later
   * pinned read takes its place.
   */
  get(
    key: string,
    need: OptionalMatchColumn[],
    read: (columns: OptionalMatchColumn[]) => Promise<UserOrderedMatches>,
    pin = false,
  ): Promise<UserOrderedMatches> {
    let entry = this.reads.get(key);
    this.reads.delete(key);
    if (!entry || !need.every((c) => entry!.columns.has(c))) {
      const columns = new Set([...need, ...(entry?.columns ?? [])]);
      const made = { columns, read: read([...columns]), pinned: entry?.pinned ?? false };
      // A failed read is not kept.
      made.read.catch(() => this.reads.get(key) === made && this.reads.delete(key));
      entry = made;
    }
    if (pin) {
      for (const other of this.reads.values()) other.pinned = false;
      entry.pinned = true;
    }
    this.reads.set(key, entry);
    for (const [k, e] of this.reads) {
      if (this.reads.size <= MatchCache.KEEP) break;
      if (!e.pinned) this.reads.delete(k);
    }
    return entry.read;
  }
}

export interface FunnelReadOptions {
  cache?: MatchCache;
  /** Columns to read beyond this funnel's own needs, for the other funnels of the same steps that share the read. */
  alsoRead?: OptionalMatchColumn[];
  /** Keep this read in the cache while others come and go (MatchCache). */
  pin?: boolean;
}

/**
 * The rows for the funnel's unit: as read for users; for sessions, as read when each session's rows are one run, else
 * a stable counting sort by session key, which keeps each session's rows in seq order (a session is one user's).
 */
function inUnitOrder(m: UserOrderedMatches, unit: FunnelDefinition['unit']): MatchRows {
  if (unit !== 'session') return { unit: m.uid, t: m.t, mask: m.mask, row: m.row };
  const sid = m.sid!;
  const n = sid.length;
  let max = 0;
  for (let r = 0; r < n; r++) if (sid[r] > max) max = sid[r];
  // Usually each session's rows are one run already (sessions follow each other in a user's log): nothing to move.
  const seen = new Uint8Array(max + 1);
  let runs = true;
  for (let r = 0; r < n && runs; r++) {
    if (r > 0 && sid[r] === sid[r - 1]) continue;
    if (seen[sid[r]]) runs = false;
    seen[sid[r]] = 1;
  }
  if (runs) return { unit: sid, t: m.t, mask: m.mask, row: m.row };
  const start = new Int32Array(max + 2);
  for (let r = 0; r < n; r++) start[sid[r] + 1]++;
  for (let i = 1; i < start.length; i++) start[i] += start[i - 1];
  const out: MatchRows = {
    unit: new Float64Array(n),
    t: new Float64Array(n),
    mask: new Float64Array(n),
    row: m.row && new Float64Array(n),
  };
  for (let r = 0; r < n; r++) {
    const at = start[sid[r]]++;
    out.unit[at] = sid[r];
    out.t[at] = m.t[r];
    out.mask[at] = m.mask[r];
    if (m.row) out.row![at] = m.row[r];
  }
  return out;
}

/** The breakdown expression: a users-table column (joined) or the value on the attempt's step-1 event. */
function byExpr(def: FunnelDefinition, info: DatasetInfo): { expr: string; join: string } {
  if (!def.by) return { expr: 'CAST(NULL AS VARCHAR)', join: '' };
  if (info.userColumns.some((c) => c.name === def.by && c.name !== 'user_id')) {
    return { expr: `CAST(u.${ident(def.by)} AS VARCHAR)`, join: 'LEFT JOIN users u ON u.user_id = e.user_id' };
  }
  if (info.columns.some((c) => c.name === def.by) || ['event', 'page', 'file'].includes(def.by)) {
    return { expr: `CAST(e.${ident(def.by)} AS VARCHAR)`, join: '' };
  }
  const known = [
    ...info.userColumns.map((c) => c.name).filter((n) => n !== 'user_id'),
    ...info.columns.map((c) => c.name),
    'event',
    'page',
  ];
  throw new Error(`--by ${def.by}: no such column in the users table or the events; columns: ${known.join(', ')}`);
}

/**
 * Creates UNITS_TABLE(unit, reached, byv, t1..tk), `unit` the user or session id, and returns per-step match counts
 * (for "matches nothing"). `completedOnly`: the table is just `unit`, the units whose best attempt reached the last
 * step (friction asks nothing else).
 */
export async function buildFunnelUnits(
  engine: SqlEngine,
  info: DatasetInfo,
  def: FunnelDefinition,
  table = UNITS_TABLE,
  completedOnly = false,
  options: FunnelReadOptions = {},
): Promise<number[]> {
  const k = def.steps.length;
  if (k > MAX_FUNNEL_STEPS) throw new Error(`a funnel has at most ${MAX_FUNNEL_STEPS} steps; this one has ${k}`);
  if (def.windowMs !== null && !info.hasTime)
    throw new Error('a funnel window needs times, and this log has none (page sequences?); drop --window');
  const keys = UNIT_KEYS[def.unit === 'session' ? 'session' : 'user'];
  const preds = def.steps.map((s) => conditionsSql(s.conditions, info, 'e.'));
  const mask = preds.map((p, i) => `CASE WHEN coalesce(${p}, false) THEN ${1 << i} ELSE 0 END`).join(' + ');
  // Strict order reads every event (its "next event" is any event); the others only the events that match a step.
  const where = def.order === 'strict' ? '' : 'WHERE mask <> 0';
  const read = (columns: OptionalMatchColumn[]) => {
    const sid = columns.includes('sid');
    const row = columns.includes('row');
    return engine
      .columns(
        `SELECT uid, t, mask${sid ? ', sid' : ''}${row ? ', row' : ''} FROM (
           SELECT ku.uk AS uid, ${sid ? 'ks.uk AS sid, ' : ''}e.seq, epoch_ms(e.ts) AS t, CAST(${mask} AS INTEGER) AS mask,
                  e.row_id AS row
           FROM events e JOIN ${UNIT_KEYS.user.table} ku ON ku.user_id = e.user_id
           ${sid ? `JOIN ${UNIT_KEYS.session.table} ks ON ks.session_id = e.session_id` : ''})
         ${where} ORDER BY uid, seq`,
      )
      .then((c) => ({ uid: c.uid, t: c.t, mask: c.mask, sid: c.sid, row: c.row }));
  };
  const need = new Set<OptionalMatchColumn>(options.alsoRead);
  if (def.unit === 'session') need.add('sid');
  if (def.by) need.add('row');
  const matches = await (options.cache
    ? options.cache.get(`${mask} ${where}`, [...need], read, options.pin)
    : read([...need]));
  const matchRows = inUnitOrder(matches, def.unit);
  const matched = matchCounts(matchRows, k);
  const best = bestAttempts(matchRows, { steps: k, order: def.order, windowMs: def.windowMs });
  const scratch = `${table}_best`;
  if (completedOnly) {
    await engine.insertColumns(scratch, [
      { name: 'uk', type: 'INTEGER', values: best.unit.filter((_, u) => best.reached[u] === k) },
    ]);
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
       SELECT k.${keys.column} AS unit FROM ${ident(scratch)} b JOIN ${keys.table} k ON k.uk = b.uk`,
    );
    await engine.run(`DROP TABLE IF EXISTS ${ident(scratch)}`);
    return matched;
  }
  const idx = Array.from({ length: k }, (_, i) => i + 1);
  await engine.insertColumns(scratch, [
    { name: 'uk', type: 'INTEGER', values: best.unit },
    { name: 'reached', type: 'INTEGER', values: best.reached },
    { name: 'start_row', type: 'DOUBLE', values: best.startRow },
    ...best.times.map((values, i) => ({ name: `t${i + 1}`, type: 'DOUBLE' as const, values })),
  ]);
  // The breakdown value: a users-table column, or the value on the attempt's first event.
  const by = byExpr(def, info);
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
     SELECT k.${keys.column} AS unit, b.reached, ${by.expr} AS byv, ${idx.map((i) => `b.t${i}`).join(', ')}
     FROM ${ident(scratch)} b JOIN ${keys.table} k ON k.uk = b.uk
     ${def.by ? `JOIN events e ON e.row_id = b.start_row ${by.join}` : ''}`,
  );
  await engine.run(`DROP TABLE IF EXISTS ${ident(scratch)}`);
  return matched;
}
