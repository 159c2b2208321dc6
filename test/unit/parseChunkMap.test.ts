import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_OUTCOME_RULES } from '../../src/core/options';
import { parseRecording, type ParseOutput } from '../../src/core/parse';

const LAYOUTS = path.resolve(__dirname, '../../test-fixtures/layouts');

function parseFixture(name: string, relPath = `inbox/${name}`): ParseOutput & { text: string } {
  const text = readFileSync(path.join(LAYOUTS, name), 'utf8');
  return { text, ...parseRecording({ text, file: relPath, relPath, outcomeRules: DEFAULT_OUTCOME_RULES }) };
}

describe('parsing the chunk-map layout', () => {
  it('reads every step of every chunk in time order with its recording, clock and JSON path', () => {
    const { journey, problems } = parseFixture('chunk-map-basic.json');
    assert.deepEqual(problems, []);
    assert.ok(journey);
    assert.equal(journey.id, 'inbox/chunk-map-basic.json');
    assert.equal(journey.name, 'chunk-map-basic');
    assert.equal(journey.recordings, 2);
    assert.deepEqual(journey.steps.map((s) => s.index), [1, 2, 3, 4, 5]);
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
    assert.deepEqual(pay.sourcePath, ['export-01a2b3c5-e6f7-48a9-8b1c-2d3e4f5a6b7c.ph-recording-chunk-summaries', 'steps', 2]);
    assert.equal(pay.dateRange, undefined);
    assert.equal(pay.group, undefined);
  });

  it('calls a journey that ends converted an upgrade from its terminal status when no path rule matches', () => {
    const { journey } = parseFixture('chunk-map-basic.json');
    assert.equal(journey?.outcome, 'upgrade');
    assert.equal(journey?.outcomeSource, 'terminal-status');
  });

  it('fingerprints the content: the same text hashes alike, one changed character does not', () => {
    const { journey, text } = parseFixture('chunk-map-basic.json');
    const again = parseRecording({ text, file: 'b', relPath: 'b.json', outcomeRules: [] }).journey;
    const changed = parseRecording({ text: text.replace('21.4', '21.5'), file: 'c', relPath: 'c.json', outcomeRules: [] }).journey;
    assert.match(journey!.contentHash, /^[0-9a-f]{16}$/);
    assert.equal(again!.contentHash, journey!.contentHash);
    assert.notEqual(changed!.contentHash, journey!.contentHash);
  });
});
