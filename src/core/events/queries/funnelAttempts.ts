/**
 * A funnel's attempts, walked in JavaScript over typed arrays: for every unit its best attempt (how far it got, when
 * it reached each step, which event started it). The definitions are funnelUnits.ts's; this is their one
 * implementation. Rows come sorted by (unit, seq) and carry a bit mask of the steps their event matches.
 *
 * Why not SQL: the chain "each next step is the first later matching event" is one ASOF join per step over every
 * attempt; on the bench's 1.9M events that took 1.2–1.3 s per funnel, against ~30 ms here once the matches are
 * read (~0.4 s). Each step's "next matching row" is one backward pass, so every attempt costs k lookups.
 */
import type { FunnelOrder } from '../types';

/** Bits in the step mask: an INTEGER in SQL. */
export const MAX_FUNNEL_STEPS = 31;

export interface MatchRows {
  /** The unit's integer key (unitKeys.ts); rows of one unit are contiguous. */
  unit: Float64Array;
  /** The event's position in its user's log: the order within a unit. */
  seq: Float64Array;
  /** Epoch ms; NaN where the event has no time. */
  t: Float64Array;
  /** Bit i-1 set when the event matches step i. */
  mask: Float64Array;
  /** The event's row id, for the breakdown value of the attempt's first event. */
  row: Float64Array;
}

export interface BestAttempts {
  unit: Float64Array;
  reached: Float64Array;
  /** Row id of the attempt's starting event. */
  startRow: Float64Array;
  /** times[i][u]: when unit u reached step i+1 (NaN past `reached`). */
  times: Float64Array[];
}

export interface AttemptOptions {
  steps: number;
  order: FunnelOrder;
  windowMs: number | null;
}

/** Per step, the number of rows matching it. */
export function matchCounts(rows: MatchRows, steps: number): number[] {
  const counts = new Array<number>(steps).fill(0);
  for (let r = 0; r < rows.mask.length; r++) {
    const m = rows.mask[r];
    for (let i = 0; i < steps; i++) if (m & (1 << i)) counts[i]++;
  }
  return counts;
}

/**
 * next[i][r]: the first row at or after r, in r's unit, with bit i in `bitsOf(r)`; -1 when none. `bitsOf` gives
 * every step the row matches for sequential, only the first one for "any" (an event counts for one step there).
 */
function nextRows(rows: MatchRows, steps: number, bitsOf: (r: number) => number): Int32Array[] {
  const n = rows.unit.length;
  const next = Array.from({ length: steps }, () => new Int32Array(n));
  const last = new Int32Array(steps).fill(-1);
  for (let r = n - 1; r >= 0; r--) {
    if (r === n - 1 || rows.unit[r] !== rows.unit[r + 1]) last.fill(-1);
    const bits = bitsOf(r);
    for (let i = 0; i < steps; i++) {
      if (bits & (1 << i)) last[i] = r;
      next[i][r] = last[i];
    }
  }
  return next;
}

export function bestAttempts(rows: MatchRows, o: AttemptOptions): BestAttempts {
  const n = rows.unit.length;
  const k = o.steps;
  let units = 0;
  for (let r = 0; r < n; r++) if (r === 0 || rows.unit[r] !== rows.unit[r - 1]) units++;
  const out: BestAttempts = {
    unit: new Float64Array(units),
    reached: new Float64Array(units),
    startRow: new Float64Array(units),
    times: Array.from({ length: k }, () => new Float64Array(units).fill(NaN)),
  };
  const W = o.windowMs;
  const inWindow = (r: number, start: number) => W === null || rows.t[r] <= rows.t[start] + W;
  const firstBit = (m: number) => m & -m;
  const next =
    o.order === 'sequential'
      ? nextRows(rows, k, (r) => rows.mask[r])
      : o.order === 'any'
        ? nextRows(rows, k, (r) => firstBit(rows.mask[r]))
        : null;
  const chain = new Int32Array(k);
  const best = new Int32Array(k);
  let u = -1;
  let bestReached = 0;
  let bestLast = 0;
  let bestStart = -1;
  const flush = () => {
    if (u < 0 || bestStart < 0) return;
    out.reached[u] = bestReached;
    out.startRow[u] = rows.row[bestStart];
    for (let i = 0; i < bestReached; i++) out.times[i][u] = rows.t[best[i]];
  };
  let end = 0;
  for (let r = 0; r < n; r++) {
    if (r === 0 || rows.unit[r] !== rows.unit[r - 1]) {
      flush();
      u++;
      out.unit[u] = rows.unit[r];
      bestReached = 0;
      bestStart = -1;
      end = r;
      while (end < n && rows.unit[end] === rows.unit[r]) end++;
    }
    const m = rows.mask[r];
    let reached = 0;
    let last: number;
    if (o.order === 'any') {
      if (m === 0) continue;
      // The first row of every step at or after this one, within the window; reached = how many steps have one.
      for (let i = 0; i < k; i++) {
        const f = next![i][r];
        if (f >= 0 && inWindow(f, r)) chain[reached++] = f;
      }
      // Times in the order the steps were reached (row order is seq order).
      chain.subarray(0, reached).sort();
      last = rows.seq[chain[reached - 1]];
    } else {
      if (!(m & 1)) continue;
      chain[0] = r;
      reached = 1;
      let pos = r;
      while (reached < k) {
        let c: number;
        if (next) c = pos + 1 < end ? next[reached][pos + 1] : -1;
        else c = pos + 1 < end && rows.mask[pos + 1] & (1 << reached) ? pos + 1 : -1;
        if (c < 0 || !inWindow(c, r)) break;
        chain[reached++] = c;
        pos = c;
      }
      last = rows.seq[pos];
    }
    // The furthest; among those the one that got there first; among those the latest start (rows ascend).
    if (reached > bestReached || (reached === bestReached && last <= bestLast)) {
      bestReached = reached;
      bestLast = last;
      bestStart = r;
      best.set(chain.subarray(0, reached));
    }
  }
  flush();
  return out;
}
