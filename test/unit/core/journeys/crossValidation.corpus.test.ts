import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { predictOutcomes } from '../../../../src/core/journeys/crossValidation';
import type { Journey } from '../../../../src/core/journeys/types';
import { DEFAULT_OPTIONS } from '../../../../src/core/journeys/options';
import { parseRecording } from '../../../../src/core/journeys/parse';
import { generateCorpus } from '../../../../test-fixtures/generate';

function load(dir: string): Journey[] {
  const journeys: Journey[] = [];
  for (const sub of ['upgrades', 'cancellations', 'open']) {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const relPath = `${sub}/${name}`;
      const { journey } = parseRecording({
        text: readFileSync(join(dir, relPath), 'utf8'),
        file: join(dir, relPath),
        relPath,
        outcomeRules: DEFAULT_OPTIONS.outcomeRules,
      });
      if (journey) journeys.push(journey);
    }
  }
  return journeys;
}

describe('synthetic corpus from the generator, through the real parser and classifier', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'journey-lens-corpus-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes chunk-map files of about 9 KB into upgrades/, cancellations/ and open/, the same bytes for the same seed', () => {
    const summary = generateCorpus({ count: 120, seed: 3, openShare: 0.2, dir });
    assert.equal(summary.files.length, 120);
    assert.ok(summary.upgrades > 30 && summary.cancellations > 30 && summary.open > 10, JSON.stringify(summary));
    const mean = summary.bytes / 120;
    assert.ok(mean > 7000 && mean < 12000, `mean file size ${mean}`);
    const first = JSON.parse(readFileSync(join(dir, summary.files[0]), 'utf8'));
    const key = Object.keys(first)[0];
    assert.match(key, /^export-[0-9a-z-]+\.ph-recording-chunk-summaries$/);
    assert.ok('_order' in first[key]);

    const again = mkdtempSync(join(tmpdir(), 'journey-lens-corpus-again-'));
    try {
      generateCorpus({ count: 120, seed: 3, openShare: 0.2, dir: again });
      assert.equal(
        readFileSync(join(again, summary.files[7]), 'utf8'),
        readFileSync(join(dir, summary.files[7]), 'utf8'),
      );
      assert.equal(statSync(join(again, summary.files[99])).size, statSync(join(dir, summary.files[99])).size);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('is learnable without the status but not perfectly, and the status-blind model is honest about it', () => {
    const journeys = load(dir);
    assert.equal(journeys.length, 120);
    const { model, predictions } = predictOutcomes(journeys, DEFAULT_OPTIONS);
    const e = model.evaluation!;
    assert.equal(e.method, 'stratified-k-fold');
    assert.ok(e.accuracy > 0.75 && e.accuracy < 1, `accuracy ${e.accuracy}`);
    assert.ok(e.earlyWarning[0].accuracy < e.accuracy, 'a quarter of each journey says less than all of it');
    journeys.forEach((j, i) => assert.equal(predictions[i]!.outOfFold, j.outcome !== 'open'));
  });
});
