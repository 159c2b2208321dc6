import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Status, Step } from '../../../../src/core/journeys/types';
import { DEFAULT_OUTCOME_RULES, type OutcomeRule } from '../../../../src/core/journeys/options';
import { decideOutcome, outcomeFromStatuses, ruleSource } from '../../../../src/core/journeys/outcome';
import { parseRecording } from '../../../../src/core/journeys/parse';
import { REPO_ROOT } from '../../../support/paths';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

function steps(...statuses: Status[]): Step[] {
  return statuses.map((status, i) => ({
    index: i + 1,
    label: `step ${i + 1}`,
    status,
    rawStatus: status,
    date: '2024-01-01',
    startMs: i,
    endMs: i,
    startClock: '',
    endClock: '',
    details: '',
    recordingId: 'r',
    sourcePath: [],
  }));
}

describe('deciding a journey outcome', () => {
  it('takes upgrade from an upgrades/ folder at any depth, as a folder rule', () => {
    for (const p of ['upgrades/a.json', 'exports/2024/upgrades/a.json', 'Exports/Upgrades/a.json']) {
      assert.deepEqual(
        decideOutcome(p, steps('churned'), DEFAULT_OUTCOME_RULES),
        { outcome: 'upgrade', source: 'folder' },
        p,
      );
    }
  });

  it('takes cancel from a cancellations/ folder', () => {
    assert.deepEqual(decideOutcome('cancellations/x.json', steps('converted'), DEFAULT_OUTCOME_RULES), {
      outcome: 'cancel',
      source: 'folder',
    });
  });

  it('takes the outcome from upgrade-*.json and cancel-*.json file names, as a filename rule', () => {
    assert.deepEqual(decideOutcome('inbox/upgrade-17.json', steps('churned'), DEFAULT_OUTCOME_RULES), {
      outcome: 'upgrade',
      source: 'filename',
    });
    assert.deepEqual(decideOutcome('cancel-3.json', steps('converted'), DEFAULT_OUTCOME_RULES), {
      outcome: 'cancel',
      source: 'filename',
    });
  });

  it('lets the first matching rule win, so the folder beats a contradicting file name by default', () => {
    assert.deepEqual(decideOutcome('cancellations/upgrade-1.json', steps(), DEFAULT_OUTCOME_RULES), {
      outcome: 'cancel',
      source: 'folder',
    });
  });

  it('uses configured rules instead of the defaults', () => {
    const rules: OutcomeRule[] = [
      { pattern: '**/won/**', outcome: 'upgrade' },
      { pattern: '**/*-lost.json', outcome: 'cancel' },
    ];
    assert.deepEqual(decideOutcome('q3/won/a.json', steps(), rules), { outcome: 'upgrade', source: 'folder' });
    assert.deepEqual(decideOutcome('q3/b-lost.json', steps(), rules), { outcome: 'cancel', source: 'filename' });
    assert.deepEqual(decideOutcome('upgrades/a.json', steps(), rules), { outcome: 'open', source: 'none' });
  });

  it('does not match a folder name that only contains the word ("upgrades-old/")', () => {
    assert.deepEqual(decideOutcome('upgrades-old/a.json', steps(), DEFAULT_OUTCOME_RULES), {
      outcome: 'open',
      source: 'none',
    });
  });

  it('says whether a pattern is about folders or file names', () => {
    assert.equal(ruleSource('**/upgrades/**'), 'folder');
    assert.equal(ruleSource('upgrades/**'), 'folder');
    assert.equal(ruleSource('**/upgrades/*.json'), 'folder');
    assert.equal(ruleSource('**/upgrade-*.json'), 'filename');
    assert.equal(ruleSource('cancel-*.json'), 'filename');
  });

  it('falls back to a churned last step as cancel, from the terminal status', () => {
    assert.deepEqual(
      decideOutcome('inbox/a.json', steps('converted', 'conversion_at_risk', 'churned'), DEFAULT_OUTCOME_RULES),
      {
        outcome: 'cancel',
        source: 'terminal-status',
      },
    );
  });

  it('calls a journey ending converted an upgrade only when nothing at risk or churned follows the first converted', () => {
    assert.equal(outcomeFromStatuses(['non-converted', 'attempted_conversion', 'converted']), 'upgrade');
    assert.equal(outcomeFromStatuses(['converted', 'conversion_at_risk', 'converted']), null);
    assert.equal(outcomeFromStatuses(['converted', 'converted', 'unknown']), 'upgrade');
    assert.equal(outcomeFromStatuses(['attempted_conversion']), null);
    assert.equal(outcomeFromStatuses([]), null);
  });

  it('leaves a cancellation journey that started converted and recovered open (fixture)', () => {
    const text = readFileSync(path.join(LAYOUTS, 'outcome-converted-then-at-risk.json'), 'utf8');
    const { journey } = parseRecording({
      text,
      file: 'x',
      relPath: 'inbox/x.json',
      outcomeRules: DEFAULT_OUTCOME_RULES,
    });
    assert.equal(journey!.steps.at(-1)!.status, 'converted');
    assert.deepEqual([journey!.outcome, journey!.outcomeSource], ['open', 'none']);
  });

  it('leaves a journey that stops at an attempted conversion open (fixture)', () => {
    const text = readFileSync(path.join(LAYOUTS, 'outcome-open.json'), 'utf8');
    const { journey } = parseRecording({
      text,
      file: 'x',
      relPath: 'inbox/x.json',
      outcomeRules: DEFAULT_OUTCOME_RULES,
    });
    assert.deepEqual([journey!.outcome, journey!.outcomeSource], ['open', 'none']);
  });
});
