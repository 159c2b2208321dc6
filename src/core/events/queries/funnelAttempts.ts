/**
 * A funnel's attempts, walked in JavaScript over typed arrays: for every unit its best attempt (how far it got, when
 * it reached each step, which event started it). The definitions are funnelUnits.ts's; this is their one
 * implementation. Rows come sorted by (unit, seq) and carry a bit mask of the steps their event matches; within a
 * unit, a row's position is its order, so "got there first" compares positions.
 *
 * Why not SQL: the chain "each next step is the first later matching event" is one ASOF join per step over every
 * attempt, computed afresh for each funnel. Here each step's "next matching row" is one backward pass, so every
 * attempt costs k lookups (~0.2 s for the bench's 1.7M matches), and one read of the matches (funnelUnits.ts's
 * MatchCache) serves friction's session funnel and every edit of the window, unit or breakdown. A first funnel costs
 * about what the ASOF chain did (its read is ~1.1 core-seconds); the ones after it a fraction.
 */
import type { FunnelOrder } from '../types';

/** Bits in the step mask: an INTEGER in SQL. */
export const MAX_FUNNEL_STEPS = 31;

export interface MatchRows {
  /** The unit's integer key (unitKeys.ts); rows of one unit are contiguous. */
  unit: Float64Array;
  /** Epoch ms; NaN where the event has no time. */
  t: Float64Array;
  /** Bit i-1 set when the event matches step i. */
  mask: Float64Array;
  /** The event's row id, for the breakdown value of the attempt's first event; read only for a breakdown. */
  row?: Float64Array;
}

export interface BestAttempts {
  unit: Float64Array;
  reached: Float64Array;
  /** Row id of the attempt's starting event (NaN without `rows.row`). */
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
  for (let r = 0; r < rows.mask.length; r++)
    for (let m = rows.mask[r] | 0; m !== 0; m &= m - 1) counts[31 - Math.clz32(m & -m)]++;
  return counts;
}

/**
 * next[i][r]: the first row at or after r, in r's unit, whose bits include step i; -1 when none (steps from `from`
 * on; sequential never looks up step 1). `firstOnly`: a row counts for its first matching step only ("any" order).
 */
function nextRows(rows: MatchRows, steps: number, from: number, firstOnly: boolean): Int32Array[] {
  const n = rows.unit.length;
  const next = Array.from({ length: steps }, (_, i) => (i < from ? new Int32Array(0) : new Int32Array(n)));
  const last = new Int32Array(steps).fill(-1);
  const { unit, mask } = rows;
  for (let r = n - 1; r >= 0; r--) {
    if (r === n - 1 || unit[r] !== unit[r + 1]) last.fill(-1);
    let bits = mask[r] | 0;
    if (firstOnly) bits &= -bits;
    for (let i = from; i < steps; i++) {
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
    startRow: new Float64Array(units).fill(NaN),
    times: Array.from({ length: k }, () => new Float64Array(units).fill(NaN)),
  };
  const W = o.windowMs;
  const inWindow = (r: number, start: number) => W === null || rows.t[r] <= rows.t[start] + W;
  const next =
    o.order === 'sequential' ? nextRows(rows, k, 1, false) : o.order === 'any' ? nextRows(rows, k, 0, true) : null;
  const chain = new Int32Array(k);
  const best = new Int32Array(k);
  let u = -1;
  let bestReached = 0;
  let bestLast = 0;
  let bestStart = -1;
  const flush = () => {
    if (u < 0 || bestStart < 0) return;
    out.reached[u] = bestReached;
    if (rows.row) out.startRow[u] = rows.row[bestStart];
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
      // Times in the order the steps were reached (row order).
      chain.subarray(0, reached).sort();
      last = chain[reached - 1];
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
      last = pos;
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
