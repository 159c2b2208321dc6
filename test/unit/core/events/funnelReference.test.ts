// The SQL funnel against a brute-force reference written straight from the README's definitions, on seeded random
// logs with many equal timestamps, repeated events and window edges: every order, with and without a window.
import assert from 'node:assert/strict';
import { mulberry32 } from '../../../../bench/events/generate';
import { computeFunnel } from '../../../../src/core/events/queries/funnel';
import { funnelDefinition, parseSteps } from '../../../../src/core/events/queries/funnelDefinition';
import type { FunnelOrder } from '../../../../src/core/events/types';
import { cleanup, csv, load } from './helpers';

interface Ev {
  user: string;
  event: string;
  t: number;
  row: number;
}

const NAMES = ['a', 'b', 'c', 'd'];
const HOUR = 3_600_000;

/** Reached step per attempt start, by the definitions in funnelUnits.ts. */
function referenceCounts(events: Ev[], steps: string[], order: FunnelOrder, windowMs: number | null): number[] {
  const byUser = new Map<string, Ev[]>();
  for (const e of events) byUser.set(e.user, [...(byUser.get(e.user) ?? []), e]);
  const k = steps.length;
  const counts = new Array<number>(k).fill(0);
  const inWindow = (start: Ev, e: Ev) => windowMs === null || e.t <= start.t + windowMs;
  for (const list of byUser.values()) {
    const evs = [...list].sort((x, y) => x.t - y.t || x.row - y.row);
    let best = 0;
    evs.forEach((start, i) => {
      let reached = 0;
      if (order === 'any') {
        if (!steps.includes(start.event)) return;
        const seen = new Set<number>();
        for (const e of evs.slice(i))
          if (inWindow(start, e) && steps.includes(e.event)) seen.add(steps.indexOf(e.event));
        reached = seen.size;
      } else {
        if (start.event !== steps[0]) return;
        reached = 1;
        let pos = i;
        while (reached < k) {
          const next =
            order === 'strict'
              ? evs[pos + 1]?.event === steps[reached]
                ? pos + 1
                : -1
              : evs.findIndex((e, j) => j > pos && e.event === steps[reached]);
          if (next < 0 || !inWindow(start, evs[next])) break;
          pos = next;
          reached++;
        }
      }
      best = Math.max(best, reached);
    });
    for (let s = 0; s < best; s++) counts[s]++;
  }
  return counts;
}

/** The best sequential attempt's step times per user (reached desc, last step's position asc, start desc). */
function referenceSequentialTimes(events: Ev[], steps: string[], windowMs: number | null): number[][] {
  const byUser = new Map<string, Ev[]>();
  for (const e of events) byUser.set(e.user, [...(byUser.get(e.user) ?? []), e]);
  const out: number[][] = [];
  for (const list of byUser.values()) {
    const evs = [...list].sort((x, y) => x.t - y.t || x.row - y.row);
    let best: { reached: number; last: number; start: number; times: number[] } | null = null;
    evs.forEach((start, i) => {
      if (start.event !== steps[0]) return;
      const times = [start.t];
      let pos = i;
      while (times.length < steps.length) {
        const next = evs.findIndex((e, j) => j > pos && e.event === steps[times.length]);
        if (next < 0 || (windowMs !== null && evs[next].t > start.t + windowMs)) break;
        pos = next;
        times.push(evs[next].t);
      }
      const a = { reached: times.length, last: pos, start: i, times };
      if (
        !best ||
        a.reached > best.reached ||
        (a.reached === best.reached && (a.last < best.last || (a.last === best.last && a.start > best.start)))
      )
        best = a;
    });
    if (best) out.push((best as { times: number[] }).times);
  }
  return out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function randomLog(rnd: () => number, weights = [1, 1, 1, 1]): Ev[] {
  const events: Ev[] = [];
  const users = 3 + Math.floor(rnd() * 5);
  for (let u = 0; u < users; u++) {
    const n = Math.floor(rnd() * 14);
    // Times on a 6-hour grid over four days: many equal stamps and events exactly one window apart.
    for (let i = 0; i < n; i++)
      events.push({ user: `u${u}`, event: pick(rnd, weights), t: Math.floor(rnd() * 16) * 6 * HOUR, row: 0 });
  }
  // The file's order is shuffled; equal times then keep it.
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  events.forEach((e, i) => (e.row = i));
  return events;
}

function pick(rnd: () => number, weights: number[]): string {
  let r = rnd() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]) < 0) return NAMES[i];
  return NAMES[NAMES.length - 1];
}

const stamp = (t: number) => new Date(Date.UTC(2025, 0, 1) + t).toISOString().slice(0, 19).replace('T', ' ');

describe('funnel against a brute-force reference (seeded random logs)', function () {
  this.timeout(120_000);
  afterEach(cleanup);

  for (let seed = 1; seed <= 12; seed++) {
    it(`log ${seed}: sequential, strict and any order, no window and 12h/1d windows`, async () => {
      const rnd = mulberry32(seed);
      const events = randomLog(rnd);
      const l = await load({
        'e.csv': csv(
          'user_id,session_id,event,timestamp,css',
          events.map((e) => `${e.user},s,${e.event},${stamp(e.t)},`),
        ),
      });
      for (const order of ['sequential', 'strict', 'any'] as const) {
        const k = 2 + Math.floor(rnd() * 3);
        // Repeated steps (a > a > b) only where the definition gives them a meaning: not in any order.
        const pool = order === 'any' ? [...NAMES].sort(() => rnd() - 0.5) : null;
        const steps = Array.from({ length: k }, (_, i) => (pool ? pool[i] : NAMES[Math.floor(rnd() * 4)]));
        for (const window of [null, '12h', '1d']) {
          const windowMs = window === null ? null : window === '12h' ? 12 * HOUR : 24 * HOUR;
          const def = funnelDefinition({ steps: parseSteps(steps.join(' > ')), unit: 'user', window, order, by: null });
          const got = (await computeFunnel(l.engine, l.info, def, { window, suggested: false })).steps.map(
            (s) => s.count,
          );
          assert.deepEqual(
            got,
            referenceCounts(events, steps, order, windowMs),
            `${order} ${steps.join(' > ')} window ${window}`,
          );
        }
      }
    });
  }
  // Step 1 matching far more events than step 2 (a funnel starting at a page view) takes the path that leaves out
  // attempts that cannot win (funnelUnits.ts); counts and the winning attempt's times must not change.
  for (let seed = 101; seed <= 108; seed++) {
    it(`log ${seed}, step 1 six times as common: sequential counts and median times as the reference`, async () => {
      const rnd = mulberry32(seed);
      const events = randomLog(rnd, [12, 2, 2, 2]);
      const l = await load({
        'e.csv': csv(
          'user_id,session_id,event,timestamp,css',
          events.map((e) => `${e.user},s,${e.event},${stamp(e.t)},`),
        ),
      });
      for (const steps of [
        ['a', 'b'],
        ['a', 'b', 'c'],
        ['a', 'b', 'a', 'd'],
        ['a', 'c', 'b'],
      ]) {
        for (const window of [null, '12h', '1d']) {
          const windowMs = window === null ? null : window === '12h' ? 12 * HOUR : 24 * HOUR;
          const def = funnelDefinition({
            steps: parseSteps(steps.join(' > ')),
            unit: 'user',
            window,
            order: 'sequential',
            by: null,
          });
          const got = await computeFunnel(l.engine, l.info, def, { window, suggested: false });
          const label = `${steps.join(' > ')} window ${window}`;
          assert.deepEqual(
            got.steps.map((s) => s.count),
            referenceCounts(events, steps, 'sequential', windowMs),
            label,
          );
          const best = referenceSequentialTimes(events, steps, windowMs);
          assert.deepEqual(
            got.steps.slice(1).map((s) => s.medianTimeFromPreviousMs),
            steps.slice(1).map((_, i) => median(best.filter((t) => t.length > i + 1).map((t) => t[i + 1] - t[i]))),
            `${label}: median times`,
          );
        }
      }
    });
  }
});
