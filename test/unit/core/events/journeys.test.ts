import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateShopLog, mulberry32 } from '../../../../bench/events/generate';
import {
  computeJourneys,
  eventJourneys,
  listUnits,
  NO_OUTCOME_NOTE,
} from '../../../../src/core/events/journeys/journeysSection';
import { outcomeSpec } from '../../../../src/core/events/journeys/outcomeSpec';
import { eventsDefaults, type EventsOptions } from '../../../../src/core/events/options';
import type { EventJourneysReport, EventsReport } from '../../../../src/core/events/types';
import { DEFAULT_FEATURE_SETTINGS, fitVocabulary, prepareJourneys } from '../../../../src/core/journeys/features';
import type { Journey } from '../../../../src/core/journeys/types';
import { EngineClient } from '../../../../src/node/events/engineClient';
import { cleanup, csv, load, loadPath, REAL_EVENTS, runEventsCli, type Loaded } from './helpers';

const opts = (o: Partial<EventsOptions>) => eventsDefaults(o);

async function section(l: Loaded, o: Partial<EventsOptions>): Promise<EventJourneysReport> {
  const r = await computeJourneys(l.engine, l.info, opts(o), l.dir);
  assert.ok(r.value, r.note);
  return r.value;
}

/** Every feature the model could choose: the vocabulary fitted on all journeys, with no frequency floor or cap. */
function allFeatureNames(journeys: Journey[]): string[] {
  const { space, prepared } = prepareJourneys(journeys);
  const rows = prepared.map((_, i) => i);
  return fitVocabulary(space, prepared, rows, { ...DEFAULT_FEATURE_SETTINGS, minDf: 1, maxTerms: 1e9 }).names;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const JAN = Date.UTC(2025, 0, 1);

/**
 * Sessions whose events before the outcome are drawn from one distribution for both classes; a coin independent of
 * them decides whether `purchase` follows, and then two events only a purchaser has (thank_you, review). Whatever the
 * model learns beyond chance must come from the outcome event or what follows it.
 */
function leakLog(sessions: number, seed: number, outcomeEvent = 'purchase'): string {
  const rnd = mulberry32(seed);
  const names = ['view_home', 'view_product', 'search', 'add_to_cart', 'view_help'];
  const rows: string[] = [];
  for (let s = 0; s < sessions; s++) {
    let t = JAN + s * 3_600_000;
    const row = (event: string) => {
      rows.push(`u${s},s${s},${event},${iso(t)}`);
      t += 1000 + Math.floor(rnd() * 60_000);
    };
    const n = 2 + Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++) row(names[Math.floor(rnd() * names.length)]);
    if (rnd() < 0.5) {
      row(outcomeEvent);
      row('thank_you');
      row('review');
    }
  }
  // A later session makes the data end long after the others, so they are over (it stays open itself).
  rows.push(`late,late,view_home,${iso(JAN + 400 * 86_400_000)}`);
  return csv('user_id,session_id,event,timestamp', rows);
}

describe('event-log journeys', function () {
  this.timeout(120_000);
  afterEach(cleanup);

  it('the outcome event and everything after it are cut: the outcome is never a step', async () => {
    const l = await load({
      'e.csv': csv('user_id,session_id,event,timestamp', [
        'a,s1,view,2025-01-01 10:00:00',
        'a,s1,cart,2025-01-01 10:01:00',
        'a,s1,purchase,2025-01-01 10:02:00',
        'a,s1,review,2025-01-01 10:03:00',
        'a,s2,purchase,2025-01-05 10:00:00',
        'b,s3,view,2025-01-01 11:00:00',
        'b,s3,view,2025-01-01 11:05:00',
        'z,s9,view,2025-06-01 00:00:00',
      ]),
    });
    const read = await eventJourneys(l.engine, l.info, opts({ outcome: 'purchase' }));
    const byId = new Map(read!.journeys.map((j) => [j.id, j]));
    assert.deepEqual(
      byId.get('a')!.steps.map((s) => s.label),
      ['view', 'cart'],
    );
    assert.equal(byId.get('a')!.outcome, 'upgrade');
    assert.equal(byId.get('a')!.outcomeSource, 'event');
    assert.deepEqual(
      byId.get('b')!.steps.map((s) => [s.label, s.startClock, s.endClock, s.recordingId]),
      [
        ['view', '00:00.0', '05:00.0', 's3'],
        ['view', '05:00.0', '05:00.0', 's3'],
      ],
    );
    assert.equal(byId.get('b')!.outcome, 'cancel'); // idle 151 days before the log's last event: over
    assert.equal(byId.get('z')!.outcome, 'open'); // the log's last event: still in progress
    assert.deepEqual(read!.labels.counts, { units: 3, positive: 1, negative: 1, open: 1 });
  });

  it('open units are neither positive nor negative: not trained on, not evaluated, predicted by the final model', async () => {
    const day = 86_400_000;
    const end = Date.UTC(2025, 5, 30);
    const rows: string[] = [];
    const user = (id: string, lastAgoDays: number, buys: boolean, extra: string) => {
      const t = end - lastAgoDays * day;
      rows.push(`${id},${id}-1,view,${iso(t - 600_000)}`, `${id},${id}-1,${extra},${iso(t - 300_000)}`);
      rows.push(`${id},${id}-1,${buys ? 'purchase' : 'view'},${iso(t)}`);
    };
    for (let i = 0; i < 4; i++) user(`p${i}`, 50 + i, true, 'pricing');
    for (let i = 0; i < 4; i++) user(`n${i}`, 40 + i, false, 'help');
    user('o1', 10, false, 'pricing');
    user('o2', 0, false, 'help');
    const l = await load({ 'e.csv': csv('user_id,session_id,event,timestamp', rows) });

    const r = await section(l, { outcome: 'purchase' });
    assert.deepEqual(r.counts, { units: 10, positive: 4, negative: 4, open: 2 });
    assert.equal(r.openAfter, '30d');
    assert.equal(r.model.evaluation!.n, 8);
    assert.equal(r.model.trainedOn, 8);
    const open = r.journeys.filter((j) => j.outcome === 'open');
    assert.deepEqual(
      open.map((j) => j.id),
      ['o1', 'o2'],
    );
    for (const j of open) assert.equal(j.prediction!.outOfFold, false);
    for (const j of r.journeys.filter((x) => x.outcome !== 'open')) assert.equal(j.prediction!.outOfFold, true);
    assert.equal(r.profiles.upgrade!.journeys, 4);
    assert.equal(r.profiles.cancel!.journeys, 4);

    // A shorter --open-after closes o1 (idle 10 days), not o2 (active on the last day).
    const shorter = await section(l, { outcome: 'purchase', openAfter: '7d' });
    assert.deepEqual(shorter.counts, { units: 10, positive: 4, negative: 5, open: 1 });
    assert.equal(shorter.model.evaluation!.n, 9);
  });

  it('sessions: over when the user has a later session or was idle for the session gap before the log ends', async () => {
    const l = await load({
      'e.csv': csv('user_id,session_id,event,timestamp', [
        'a,a1,view,2025-01-01 10:00:00',
        'a,a2,view,2025-01-02 10:00:00', // a2 is a's last session, 10 min before the end: open
        'b,b1,view,2025-01-02 09:00:00', // idle 70 min before the end: over
        'c,c1,view,2025-01-02 10:05:00',
        'c,c1,purchase,2025-01-02 10:10:00',
      ]),
    });
    const read = await eventJourneys(l.engine, l.info, opts({ outcome: 'purchase', unit: 'session' }));
    assert.deepEqual(Object.fromEntries(read!.journeys.map((j) => [j.id, j.outcome])), {
      a1: 'cancel',
      a2: 'open',
      b1: 'cancel',
      c1: 'upgrade',
    });
    assert.equal(read!.labels.openAfter, 'session end');
  });

  it('leak test: when the outcome event (and what follows it) is the only difference, the model scores at chance', async () => {
    const l = await load({ 'e.csv': leakLog(240, 11) });
    const r = await section(l, { outcome: 'purchase', unit: 'session' });
    const ev = r.model.evaluation!;
    assert.equal(ev.method, 'stratified-k-fold');
    assert.equal(ev.n, 240);
    assert.ok(ev.accuracy > 0.35 && ev.accuracy < 0.65, `accuracy ${ev.accuracy} is not at chance`);
    assert.ok(ev.auc > 0.35 && ev.auc < 0.65, `AUC ${ev.auc} is not at chance`);
    const read = await eventJourneys(l.engine, l.info, opts({ outcome: 'purchase', unit: 'session' }));
    const names = allFeatureNames(read!.journeys);
    assert.ok(names.length > 10);
    const leaking = names.filter((n) => /purchase|thank|review/.test(n));
    assert.deepEqual(leaking, [], 'no feature may come from the outcome event or later events');
    assert.deepEqual(
      r.model.indicators.filter((i) => /purchase|thank|review/.test(i.feature)),
      [],
    );
  });

  it('the leak test can fail: with the outcome moved after the distinctive events, they become perfect features', async () => {
    // Same log, but the journey ends at `review`: purchase and thank_you now come before it, as a leak would.
    const l = await load({ 'e.csv': leakLog(240, 11) });
    const r = await section(l, { outcome: 'review', unit: 'session' });
    assert.ok(r.model.evaluation!.accuracy > 0.95, `accuracy ${r.model.evaluation!.accuracy}`);
    assert.ok(r.model.indicators.some((i) => /purchase|thank/.test(i.feature)));
  });

  it('generated shop log, --outcome purchase --unit session: cross-validated scores and an early-warning curve', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-evj-shop-'));
    try {
      await generateShopLog(dir, 25, 7);
      const l = await loadPath(dir);
      const r = await section(l, { outcome: 'purchase', unit: 'session' });
      const ev = r.model.evaluation!;
      assert.equal(ev.method, 'stratified-k-fold');
      assert.equal(ev.n, r.counts.positive + r.counts.negative);
      assert.ok(ev.n > 300, `${ev.n} labelled sessions`);
      // Putting something in the cart is what precedes a purchase in this generator: the ranking must see it.
      assert.ok(ev.auc > 0.7, `AUC ${ev.auc}`);
      assert.ok(ev.accuracy > 0.6 && ev.accuracy <= 1);
      assert.deepEqual(
        ev.earlyWarning.map((w) => w.fraction),
        [0.25, 0.5, 0.75, 1],
      );
      assert.equal(ev.earlyWarning[3].accuracy, ev.accuracy);
      assert.deepEqual(r.outcomes, {
        definition: 'purchase',
        from: 'event',
        upgrade: 'purchase',
        cancel: 'no purchase',
      });
      assert.deepEqual(
        r.excluded.map((x) => x.event),
        ['session_end'],
      );
      assert.ok(r.model.indicators.some((i) => i.direction === 'upgrade' && /cart/.test(i.feature)));
      for (const j of r.journeys) {
        for (const s of j.steps) assert.ok(!['purchase', 'session_end'].includes(s.label), `${j.id} step ${s.index}`);
        assert.match(j.timeline, /^flowchart LR/);
      }
      assert.ok(!r.model.indicators.some((i) => /purchase|session_end/.test(i.feature)));
      // The report carries a bounded sample in full and every unit in summary.
      assert.equal(r.units.length, r.sample.total);
      assert.ok(r.journeys.length <= 200 && r.journeys.length === r.sample.shown);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a large log: at most the sample limit of journeys in full, every unit summarised', async () => {
    const l = await load({ 'e.csv': leakLog(150, 3) });
    const r = await section(l, { outcome: 'purchase', unit: 'session', journeySample: 20 });
    assert.equal(r.journeys.length, 20);
    assert.equal(r.units.length, 151);
    assert.equal(r.sample.total, 151);
    assert.ok(r.journeys.some((j) => j.outcome === 'open'));
    assert.ok(r.journeys.some((j) => j.outcome === 'upgrade'));
    assert.ok(r.journeys.some((j) => j.outcome === 'cancel'));
    const ids = r.journeys.map((j) => j.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  it('the units list is bounded: beyond its limit, open units first (most likely first), then labelled ones spread by id', () => {
    const units = Array.from({ length: 100 }, (_, i) => ({
      id: `u${String(i).padStart(3, '0')}`,
      outcome: i % 10 === 0 ? 'open' : i % 2 ? 'upgrade' : 'cancel',
      pUpgrade: i / 100,
    }));
    assert.equal(listUnits(units, 100).units, units);
    const { units: listed, rule } = listUnits(units, 20);
    assert.equal(listed.length, 20);
    assert.equal(listed.filter((u) => u.outcome === 'open').length, 10);
    assert.deepEqual(
      listed.map((u) => u.id),
      [...listed.map((u) => u.id)].sort(),
    );
    assert.equal(
      listUnits(units, 5)
        .units.filter((u) => u.outcome === 'open')
        .map((u) => u.id)
        .join(),
      'u060,u070,u080,u090,u050'.split(',').sort().join(),
    );
    assert.match(rule, /^20 of 100: the 10 open ones/);
  });

  it('beyond the model limit: trained and evaluated on a stratified sample, every other unit scored', async () => {
    const l = await load({ 'e.csv': leakLog(150, 3) });
    const all = await section(l, { outcome: 'purchase', unit: 'session' });
    const { value, note } = await computeJourneys(
      l.engine,
      l.info,
      opts({ outcome: 'purchase', unit: 'session', journeyModelLimit: 60 }),
      '',
    );
    const r = value!;
    assert.ok(r.modelled >= 60 && r.modelled <= 62, `${r.modelled} modelled`);
    assert.equal(r.model.evaluation!.n, r.modelled - 1); // the open one is predicted, not evaluated
    // Each label keeps its share of the sample.
    const share = (x: EventJourneysReport, o: string) => x.units.filter((u) => u.outcome === o).length / x.units.length;
    assert.equal(share(r, 'upgrade'), share(all, 'upgrade'));
    const positives = r.model.evaluation!.confusion[0][0] + r.model.evaluation!.confusion[0][1];
    assert.ok(Math.abs(positives / r.model.evaluation!.n - share(all, 'upgrade')) < 0.05);
    assert.equal(r.units.length, 151);
    assert.ok(r.units.every((u) => u.pUpgrade !== null));
    assert.deepEqual(
      r.units.map((u) => u.id),
      all.units.map((u) => u.id),
    );
    assert.match(note!, /trained and cross-validated on \d+ sessions .* of 151\); the other \d+ are scored/);
  });

  it('real page sequences, --outcome-column subscription_type=Annual: runs and reports its accuracy', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'user_journey_raw.sample.csv'));
    const r = await section(l, { outcomeColumn: 'subscription_type=Annual' });
    assert.deepEqual(r.outcomes, {
      definition: 'subscription_type=Annual',
      from: 'column',
      upgrade: 'Annual',
      cancel: 'not Annual', // three values (Annual, Monthly, Quarterly)
    });
    assert.equal(r.counts.units, 354);
    assert.equal(r.counts.open, 0);
    assert.equal(r.openAfter, null);
    const ev = r.model.evaluation!;
    assert.equal(ev.n, 354);
    assert.ok(ev.accuracy > 0.4 && ev.accuracy < 0.9, `accuracy ${ev.accuracy}`);
    assert.ok(Number.isFinite(ev.auc));
    const read = await eventJourneys(l.engine, l.info, opts({ outcomeColumn: 'subscription_type=Annual' }));
    // The label column is the answer: it must be in no step and no feature.
    for (const j of read!.journeys) for (const s of j.steps) assert.doesNotMatch(s.details, /subscription_type/);
    assert.deepEqual(
      allFeatureNames(read!.journeys).filter((n) => /annual|monthly|quarterly|subscription/i.test(n)),
      [],
    );
  });

  it('a two-valued label column names its other value; an unknown value or column says what there is', async () => {
    const l = await load({
      'e.csv': csv('user_id,event,timestamp,plan', [
        'a,view,2025-01-01 10:00:00,Annual',
        'b,view,2025-01-01 10:00:00,Monthly',
        'c,view,2025-01-01 10:00:00,',
      ]),
    });
    const r = await section(l, { outcomeColumn: 'plan=Annual' });
    assert.equal(r.outcomes.cancel, 'Monthly');
    assert.deepEqual(r.counts, { units: 3, positive: 1, negative: 1, open: 1 });
    assert.equal(
      r.model.note,
      'A model needs at least 2 users of each outcome; found 1 Annual and 1 Monthly (and 1 still open).',
    );
    await assert.rejects(
      computeJourneys(l.engine, l.info, opts({ outcomeColumn: 'plan=annual' }), ''),
      /no event has plan = "annual"; its values: Annual, Monthly/,
    );
    await assert.rejects(
      computeJourneys(l.engine, l.info, opts({ outcomeColumn: 'tier=gold' }), ''),
      /no column "tier"/,
    );
  });

  it('no outcome: the section is null with a note; both flags, or a malformed one, are refused', async () => {
    const l = await load({ 'e.csv': csv('user_id,event,timestamp', ['a,view,2025-01-01 10:00:00']) });
    assert.deepEqual(await computeJourneys(l.engine, l.info, opts({}), ''), { value: null, note: NO_OUTCOME_NOTE });
    assert.throws(() => outcomeSpec({ outcome: 'purchase', outcomeColumn: 'plan=A' }), /not both/);
    assert.throws(() => outcomeSpec({ outcome: null, outcomeColumn: 'plan' }), /is not COLUMN=VALUE/);
  });
});

describe('event-log journeys in the engine child process', function () {
  this.timeout(120_000);
  let client: EngineClient | undefined;
  afterEach(async () => client?.dispose());

  it('the report carries a bounded sample; a unit outside it is loaded on demand with its steps and timeline', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-evj-engine-'));
    try {
      await writeFile(path.join(dir, 'e.csv'), leakLog(150, 3));
      client = new EngineClient({ memoryLimit: '512MB' });
      const options = { outcome: 'purchase', unit: 'session' as const, journeySample: 5 };
      const report = await client.request('analyzeAll', { target: path.join(dir, 'e.csv'), options });
      const j = report.journeys!;
      assert.equal(j.journeys.length, 5);
      const shown = new Set(j.journeys.map((x) => x.id));
      const outside = j.units.find((u) => !shown.has(u.id) && u.outcome === 'upgrade')!;
      const one = await client.request('journey', { id: outside.id });
      assert.equal(one!.id, outside.id);
      assert.equal(one!.outcome, 'upgrade');
      assert.equal(one!.steps.length, outside.steps);
      assert.ok(one!.steps.every((s) => s.label !== 'purchase'));
      assert.match(one!.timeline, /^flowchart LR/);
      assert.equal(await client.request('journey', { id: 'no-such-unit' }), null);
      await assert.rejects(client.request('journey', { id: outside.id, options: { outcome: null } }), /no --outcome/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('journey-lens events --outcome (CLI end to end)', function () {
  this.timeout(180_000);

  it('prints accuracy, AUC and the early-warning curve and writes the journeys section', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-evj-cli-'));
    try {
      await generateShopLog(path.join(dir, 'shop'), 20, 5);
      const json = path.join(dir, 'r.json');
      const r = await runEventsCli([
        path.join(dir, 'shop'),
        '--outcome',
        'purchase',
        '--unit',
        'session',
        '--quiet',
        '--json',
        json,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Journeys \(sessions up to "purchase"; purchase vs no purchase; open until session end/);
      assert.match(r.stdout, /accuracy \d+\.\d% \(always guessing the larger class: \d+\.\d%\), AUC 0\.\d{3}/);
      assert.match(r.stdout, /early warning .*: 25% → \d+\.\d%, 50% → \d+\.\d%, 75% → \d+\.\d%, 100% → \d+\.\d%/);
      const rep = JSON.parse(await readFile(json, 'utf8')) as EventsReport;
      assert.equal(rep.journeys!.schemaVersion, 1);
      assert.ok(rep.journeys!.model.evaluation!.n > 100);
      assert.equal(rep.notes.journeys, undefined);

      const bad = await runEventsCli([dir, '--outcome', 'x', '--outcome-column', 'a=b']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /not both/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
