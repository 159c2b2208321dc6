import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_OUTCOME_RULES } from '../../../../../src/core/journeys/options';
import { parseRecording } from '../../../../../src/core/journeys/parse';
import { REPO_ROOT } from '../../../../support/paths';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

function parseFixture(name: string) {
  const text = readFileSync(path.join(LAYOUTS, name), 'utf8');
  return parseRecording({ text, file: name, relPath: name, outcomeRules: DEFAULT_OUTCOME_RULES });
}

describe('parsing a regrouped export (steps grouped by theme)', () => {
  it("puts themed groups back into time order across recordings and keeps each step's group", () => {
    const { journey, problems } = parseFixture('regrouped.json');
    assert.deepEqual(problems, []);
    assert.ok(journey);
    assert.equal(journey.recordings, 2);
    assert.deepEqual(
      journey.steps.map((s) => [s.index, s.label, s.group]),
      [
        [1, "Clicked 'Start for Free' Button", 'Sign-up'],
        [2, "Selected 'Continue with Google'", 'Sign-up'],
        [3, 'Encountered Message Limit Warning', 'Usage limits'],
        [4, "Clicked 'Upgrade to Pro' Button", 'Upgrade and payment'],
        [5, 'Payment Successful Popup Displayed', 'Upgrade and payment'],
      ],
    );
  });

  it('points each step at its step_data object and names its recording', () => {
    const { journey } = parseFixture('regrouped.json');
    const paid = journey!.steps[4];
    assert.deepEqual(paid.sourcePath, ['groups', 0, 'steps', 0, 'step_data']);
    assert.equal(paid.recordingId, 'export-0199f6f6-0000-4000-8000-000000000002.ph-recording-chunk-summaries');
    assert.equal(paid.startMs, 1765700);
    assert.equal(journey!.outcome, 'upgrade');
  });

  it('rejects "groups" that is not an array with a located error and no journey', () => {
    const { journey, problems } = parseFixture('regrouped-bad-groups.json');
    assert.equal(journey, null);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.match(problems[0].message, /"groups" should be an array/);
    assert.deepEqual([problems[0].line, problems[0].column], [2, 13]);
  });

  it('skips a grouped step that is not an object with a located warning and keeps the rest', () => {
    const text = JSON.stringify(
      {
        groups: [
          {
            group_name: 'Sign-up',
            steps: [
              'not a step',
              {
                step_data: {
                  label: 'Signed Up',
                  date: '2024-01-02',
                  status: 'non-converted',
                  recordingReel: { start: '00:01.0', end: '00:02.0' },
                },
                recording_id: 'r1',
              },
            ],
          },
        ],
      },
      null,
      2,
    );
    const { journey, problems } = parseRecording({ text, file: 'g.json', relPath: 'g.json', outcomeRules: [] });
    assert.deepEqual(
      journey!.steps.map((s) => s.label),
      ['Signed Up'],
    );
    assert.deepEqual(journey!.warnings, ['1 malformed step skipped (see problems for where)']);
    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0].line, problems[0].column], [6, 9]);
  });
});
