import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_OUTCOME_RULES } from '../../../../../src/core/journeys/options';
import { parseRecording, type ParseOutput } from '../../../../../src/core/journeys/parse';
import { REPO_ROOT } from '../../../../support/paths';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

function parseFixture(name: string, relPath = `inbox/${name}`): ParseOutput & { text: string } {
  const text = readFileSync(path.join(LAYOUTS, name), 'utf8');
  return { text, ...parseRecording({ text, file: relPath, relPath, outcomeRules: DEFAULT_OUTCOME_RULES }) };
}

function labels(out: ParseOutput): string[] {
  return out.journey!.steps.map((s) => s.label);
}

describe('parsing the chunk-map layout', () => {
  it('reads every step of every chunk in time order with its recording, clock and JSON path', () => {
    const { journey, problems } = parseFixture('chunk-map-basic.json');
    assert.deepEqual(problems, []);
    assert.ok(journey);
    assert.equal(journey.id, 'inbox/chunk-map-basic.json');
    assert.equal(journey.file, 'inbox/chunk-map-basic.json');
    assert.equal(journey.name, 'chunk-map-basic');
    assert.equal(journey.recordings, 2);
    assert.deepEqual(
      journey.steps.map((s) => s.index),
      [1, 2, 3, 4, 5],
    );
    const pay = journey.steps[4];
    assert.equal(pay.label, 'Payment Successful Popup Displayed');
    assert.equal(pay.status, 'converted');
    assert.equal(pay.rawStatus, 'converted');
    assert.equal(pay.date, '2024-04-06');
    assert.equal(pay.startMs, 948100);
    assert.equal(pay.endMs, 952900);
    assert.equal(pay.startClock, '15:48.1');
    assert.equal(pay.endClock, '15:52.9');
    assert.match(pay.details, /Welcome to Pro!/);
    assert.equal(pay.recordingId, 'export-01a2b3c5-e6f7-48a9-8b1c-2d3e4f5a6b7c.ph-recording-chunk-summaries');
    assert.deepEqual(pay.sourcePath, [
      'export-01a2b3c5-e6f7-48a9-8b1c-2d3e4f5a6b7c.ph-recording-chunk-summaries',
      'steps',
      2,
    ]);
    assert.equal(pay.dateRange, undefined);
    assert.equal(pay.group, undefined);
  });

  it('calls a journey that ends converted an upgrade from its terminal status when no path rule matches', () => {
    const { journey } = parseFixture('chunk-map-basic.json');
    assert.equal(journey?.outcome, 'upgrade');
    assert.equal(journey?.outcomeSource, 'terminal-status');
  });

  it('takes the outcome from an upgrades/ folder before the terminal status', () => {
    const { journey } = parseFixture('order-shuffled.json', 'exports/upgrades/order-shuffled.json');
    assert.equal(journey?.outcome, 'upgrade');
    assert.equal(journey?.outcomeSource, 'folder');
  });

  it('fingerprints the content: the same text hashes alike, one changed character does not', () => {
    const { journey, text } = parseFixture('chunk-map-basic.json');
    const again = parseRecording({ text, file: 'b', relPath: 'b.json', outcomeRules: [] }).journey;
    const changed = parseRecording({
      text: text.replace('21.4', '21.5'),
      file: 'c',
      relPath: 'c.json',
      outcomeRules: [],
    }).journey;
    assert.match(journey!.contentHash, /^[0-9a-f]{16}$/);
    assert.equal(again!.contentHash, journey!.contentHash);
    assert.notEqual(changed!.contentHash, journey!.contentHash);
  });

  it('accepts bare chunk ids that are not valid hex UUIDs ("27gh") and orders their chunks by date', () => {
    const out = parseFixture('chunk-map-bare-ids.json');
    assert.deepEqual(out.problems, []);
    const j = out.journey!;
    assert.equal(j.recordings, 2);
    assert.deepEqual(labels(out), ['Used Advanced Export', 'Opened Billing Page', "Clicked 'Cancel Subscription'"]);
    assert.equal(j.steps[0].recordingId, '2163a7b8-cd94-65ef-27gh-4f81ab92cd3e');
    assert.deepEqual(j.steps[0].sourcePath, ['2163a7b8-cd94-65ef-27gh-4f81ab92cd3e', 'steps', 0]);
  });

  it('turns two error chunks into one warning "2 recordings could not be narrated" and still counts them', () => {
    const out = parseFixture('error-chunks.json');
    assert.deepEqual(out.problems, []);
    assert.equal(out.journey!.recordings, 3);
    assert.equal(out.journey!.steps.length, 2);
    assert.deepEqual(out.journey!.warnings, ['2 recordings could not be narrated (No valid narration found)']);
  });

  it('counts a chunk with "steps": [] as a recording without complaint', () => {
    const out = parseFixture('empty-steps-chunk.json');
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.journey!.warnings, []);
    assert.equal(out.journey!.recordings, 2);
    assert.deepEqual(labels(out), ['Accessed Account Settings']);
  });

  it('reads a top-level {steps: [...]} as a single recording named after the file', () => {
    const out = parseFixture('single-chunk.json');
    assert.deepEqual(out.problems, []);
    assert.equal(out.journey!.recordings, 1);
    assert.equal(out.journey!.steps[1].recordingId, 'single-chunk');
    assert.deepEqual(out.journey!.steps[1].sourcePath, ['steps', 1]);
  });

  it('uses the start of a date range and keeps the range text', () => {
    const [first, second] = parseFixture('date-range.json').journey!.steps;
    assert.equal(first.date, '2024-09-15');
    assert.equal(first.dateRange, '2024-09-15 to 2024-10-15');
    assert.equal(second.date, '2024-10-15');
    assert.equal(second.dateRange, undefined);
  });

  it('reads clocks whose seconds say 60 and whose minutes pass 59, and orders by them', () => {
    const out = parseFixture('clock-overflow.json');
    assert.deepEqual(out.journey!.warnings, []);
    assert.deepEqual(
      out.journey!.steps.map((s) => [s.startClock, s.startMs]),
      [
        ['02:60.0', 180000],
        ['59:58.2', 3598200],
        ['60:33.0', 3633000],
      ],
    );
  });

  it('trusts the clock over *_ms_since written as bare digits and says so once per journey', () => {
    const out = parseFixture('clock-ms-disagree.json');
    const steps = out.journey!.steps;
    assert.deepEqual(
      steps.map((s) => s.startMs),
      [2710000, 2720400, 2790000],
    );
    assert.equal(steps[0].endMs, 2712500);
    assert.equal(out.journey!.warnings.length, 1);
    assert.match(
      out.journey!.warnings[0],
      /^3 steps: .*disagree with the MM:SS\.S clock by more than 1 s; the clock was used/,
    );
    assert.match(out.journey!.warnings[0], /45:10\.0 vs 45100 ms/);
  });

  it('sets an end that precedes its start to the start and notes it once', () => {
    const out = parseFixture('clock-end-before-start.json');
    assert.deepEqual(
      out.journey!.steps.map((s) => [s.startMs, s.endMs]),
      [
        [190000, 190000],
        [200000, 201000],
      ],
    );
    assert.equal(out.journey!.steps[0].endClock, '01:55.0');
    assert.deepEqual(out.journey!.warnings, ['1 step ends before it starts; end clock ignored, end set to the start']);
  });

  it('orders same-date recordings by a consistent _order, not file order, and steps within a chunk by time', () => {
    const out = parseFixture('order-shuffled.json');
    assert.deepEqual(labels(out), [
      'Viewed Current Subscription Details',
      "Selected 'Cancel Subscription' Option",
      'Declined Retention Offer',
      'Cancellation Confirmed',
    ]);
    assert.deepEqual(
      out.journey!.steps.map((s) => s.index),
      [1, 2, 3, 4],
    );
    assert.equal(out.journey!.steps[2].sourcePath[2], 0);
  });

  it('falls back to file order for same-date recordings when _order contradicts the dates', () => {
    const out = parseFixture('order-inconsistent.json');
    assert.deepEqual(labels(out), [
      'Compared Plans Side by Side',
      "Clicked 'See Plans' Button",
      'Exported Report as CSV',
    ]);
  });

  it('normalises status case, spaces and separators, and keeps an unknown status visible with one summary warning', () => {
    const out = parseFixture('status-variants.json');
    const steps = out.journey!.steps;
    assert.deepEqual(
      steps.map((s) => s.status),
      ['non-converted', 'attempted_conversion', 'conversion_at_risk', 'unknown', 'unknown', 'converted'],
    );
    assert.equal(steps[0].rawStatus, ' Non Converted ');
    assert.equal(steps[3].rawStatus, 'pending_review');
    assert.deepEqual(out.journey!.warnings, [
      '2 steps with an unrecognised status, shown as unknown: "pending_review" ×2',
    ]);
    assert.equal(out.problems.length, 1);
    assert.equal(out.problems[0].severity, 'warning');
    assert.match(out.problems[0].message, /unrecognised status "pending_review"/);
    assert.deepEqual([out.problems[0].line, out.problems[0].column], [49, 19]);
  });
});
