import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { STATUSES } from '../../../../../src/core/journeys/types';
import { DEFAULT_OUTCOME_RULES } from '../../../../../src/core/journeys/options';
import { parseRecording } from '../../../../../src/core/journeys/parse';
import { REPO_ROOT, realRecordingsDir } from '../../../../support/paths';

const REAL = realRecordingsDir() ?? path.resolve(REPO_ROOT, '../shared/real-recordings');

// Step counts and outcomes read off the six real exports by hand.
const EXPECTED: Record<string, { steps: number; outcome: 'upgrade' | 'cancel'; firstStatus: string }> = {
  'upgrades/upgrade-a.json': { steps: 15, outcome: 'upgrade', firstStatus: 'non-converted' },
  'upgrades/upgrade-c.json': { steps: 16, outcome: 'upgrade', firstStatus: 'non-converted' },
  'upgrades/upgrade-e.json': { steps: 22, outcome: 'upgrade', firstStatus: 'non-converted' },
  'cancellations/cancel-a.json': { steps: 18, outcome: 'cancel', firstStatus: 'non-converted' },
  'cancellations/cancel-c.json': { steps: 17, outcome: 'cancel', firstStatus: 'converted' },
  'cancellations/cancel-e.json': { steps: 22, outcome: 'cancel', firstStatus: 'converted' },
};

describe('parsing the six real recordings in ../shared/real-recordings', function () {
  before(function () {
    if (!existsSync(REAL)) {
      console.warn(`    skipped: ${REAL} is absent (the real sample lives outside the repo)`);
      this.skip();
    }
  });

  for (const [relPath, want] of Object.entries(EXPECTED)) {
    it(`reads ${relPath} as ${want.steps} time-ordered steps, ${want.outcome} by folder rule, without problems`, () => {
      const text = readFileSync(path.join(REAL, relPath), 'utf8');
      const { journey, problems } = parseRecording({
        text,
        file: relPath,
        relPath,
        outcomeRules: DEFAULT_OUTCOME_RULES,
      });
      assert.deepEqual(problems, []);
      assert.ok(journey);
      assert.equal(journey.steps.length, want.steps);
      assert.equal(journey.recordings, 3);
      assert.equal(journey.outcome, want.outcome);
      assert.equal(journey.outcomeSource, 'folder');
      assert.equal(journey.steps[0].status, want.firstStatus);
      assert.deepEqual(journey.warnings, []);
      journey.steps.forEach((s, i) => {
        assert.equal(s.index, i + 1);
        assert.ok((STATUSES as readonly string[]).includes(s.status), s.status);
        assert.match(s.date, /^\d{4}-\d\d-\d\d$/);
      });
      for (let i = 1; i < journey.steps.length; i++) {
        const a = journey.steps[i - 1];
        const b = journey.steps[i];
        assert.ok(
          a.date < b.date || (a.date === b.date && (a.recordingId !== b.recordingId || a.startMs <= b.startMs)),
          `step ${b.index} out of order`,
        );
      }
    });
  }

  it('gives the same outcome from the terminal status alone when no path rule applies', () => {
    for (const [relPath, want] of Object.entries(EXPECTED)) {
      const text = readFileSync(path.join(REAL, relPath), 'utf8');
      const { journey } = parseRecording({
        text,
        file: relPath,
        relPath: 'inbox/journey.json',
        outcomeRules: DEFAULT_OUTCOME_RULES,
      });
      assert.equal(journey?.outcome, want.outcome, relPath);
      assert.equal(journey?.outcomeSource, 'terminal-status', relPath);
    }
  });
});
