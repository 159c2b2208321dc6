// The rule-based notes the dashboard shows without an AI key: each names the numbers it is grounded in.
import assert from 'node:assert/strict';
import { customersNote, frictionNote, funnelNote, overviewNote, pathsNote } from '../../../../src/core/events/notes';
import type { FrictionRow, FunnelReport, FunnelStepResult } from '../../../../src/core/events/types';
import { shopReport } from '../../../../test-fixtures/events/reports/generate';

function step(name: string, count: number, prev: number, start: number, medianMs: number | null): FunnelStepResult {
  return {
    name,
    match: name,
    count,
    conversionFromStart: count / start,
    conversionFromPrevious: count / prev,
    medianTimeFromPreviousMs: medianMs,
    dropped: prev - count,
    droppedSample: [],
  };
}

describe('rule-based notes', () => {
  it('funnel: names the step with the most units dropped (not the lowest conversion), its share and median time', () => {
    const f: FunnelReport = {
      unit: 'user',
      window: null,
      order: 'sequential',
      suggested: false,
      breakdown: null,
      warnings: [],
      // view → cart drops 600 of 1000 (60%); cart → buy drops 300 of 400 (75%, but fewer users).
      steps: [
        step('view', 1000, 1000, 1000, null),
        step('cart', 400, 1000, 1000, 90_000),
        step('buy', 100, 400, 1000, 5_000),
      ],
    };
    const note = funnelNote(f)!;
    assert.match(note, /largest drop is from "view" to "cart": 600 users \(60% of those who reached "view"\)/);
    assert.match(note, /median 1 min 30 s/);
    assert.match(note, /Overall 10% of users who start reach "buy"/);
    assert.equal(funnelNote({ ...f, steps: f.steps.slice(0, 1) }), null, 'one step has no drop to speak of');
  });

  it('friction: names the message that cost the most completions (gap × sessions), and says so when none did', () => {
    const row = (message: string, sessions: number, rate: number, base: number): FrictionRow => ({
      message,
      path: '/checkout',
      sessions,
      users: sessions,
      converted: Math.round(sessions * rate),
      conversionRate: rate,
      baselineConversionRate: base,
    });
    // A: 10 sessions × 0.5 gap = 5 lost; B: 100 sessions × 0.1 gap = 10 lost.
    const note = frictionNote([row('A', 10, 0, 0.5), row('B', 100, 0.4, 0.5)])!;
    assert.match(note, /^"B" costs the most: 100 sessions saw it and 40% of them completed, against 50%/);
    assert.match(note, /about 10 completions fewer/);
    assert.match(frictionNote([row('C', 5, 0.6, 0.5)])!, /No error message is linked to lower completion/);
    assert.equal(frictionNote([]), null);
  });

  it('paths, customers and overview speak of the report’s own numbers', () => {
    const r = shopReport();
    const top = [...r.paths!.pages].sort((a, b) => b.importance - a.importance)[0];
    assert.ok(pathsNote(r.paths)!.includes(`"${top.page}"`));
    assert.ok(customersNote(r.ltv)!.includes(r.ltv!.top[0].ltv.toFixed(2)));
    assert.match(overviewNote(r)!, new RegExp(`${new Intl.NumberFormat('en').format(r.units.events)} events`));
  });
});
