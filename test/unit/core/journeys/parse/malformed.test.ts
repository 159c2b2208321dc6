import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../../../../src/core/journeys/types';
import { DEFAULT_OUTCOME_RULES } from '../../../../../src/core/journeys/options';
import { parseRecording } from '../../../../../src/core/journeys/parse';
import { REPO_ROOT } from '../../../../support/paths';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

function parseFixture(name: string) {
  const text = readFileSync(path.join(LAYOUTS, name), 'utf8');
  return parseRecording({
    text,
    file: `broken/${name}`,
    relPath: `broken/${name}`,
    outcomeRules: DEFAULT_OUTCOME_RULES,
  });
}

function at(p: Problem): string {
  return `${p.line}:${p.column}`;
}

describe('parsing malformed recordings: located problems, never a throw', () => {
  it('skips a file with a missing comma and reports line 7 column 9', () => {
    const { journey, problems } = parseFixture('syntax-error.json');
    assert.equal(journey, null);
    assert.deepEqual(problems, [
      {
        file: 'broken/syntax-error.json',
        message: "JSON syntax error: expected ','; file skipped",
        line: 7,
        column: 9,
        severity: 'error',
      },
    ]);
  });

  it('skips a truncated file and reports where the unterminated string starts (line 11 column 22)', () => {
    const { journey, problems } = parseFixture('truncated.json');
    assert.equal(journey, null);
    assert.equal(problems.length, 1);
    assert.equal(at(problems[0]), '11:22');
    assert.match(problems[0].message, /unterminated string/);
  });

  it('tolerates comments and trailing commas', () => {
    const { journey, problems } = parseFixture('comments-trailing-commas.json');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      journey!.steps.map((s) => s.startMs),
      [12000, 41300],
    );
  });

  it('strips a BOM silently', () => {
    const { journey, problems } = parseFixture('bom.json');
    assert.deepEqual(problems, []);
    assert.equal(journey!.steps[0].label, 'Cancellation Confirmed');
  });

  it('reports a BOM-prefixed syntax error at the column an editor shows', () => {
    const { problems } = parseRecording({
      text: '\uFEFF{\n  "a": }',
      file: 'f.json',
      relPath: 'f.json',
      outcomeRules: [],
    });
    assert.equal(at(problems[0]), '2:8');
  });

  it('reports binary content without a position', () => {
    const { journey, problems } = parseFixture('binary.json');
    assert.equal(journey, null);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^binary content/);
    assert.equal(problems[0].line, undefined);
  });

  it('reports an empty file', () => {
    const { journey, problems } = parseFixture('empty.json');
    assert.equal(journey, null);
    assert.match(problems[0].message, /^empty file/);
    assert.equal(problems[0].severity, 'error');
  });

  it('rejects a top-level array at line 1 column 1', () => {
    const { journey, problems } = parseFixture('top-level-array.json');
    assert.equal(journey, null);
    assert.equal(at(problems[0]), '1:1');
    assert.match(problems[0].message, /expected a JSON object of recording chunks.*found an array/);
  });

  it('rejects a file whose recordings have no steps at all ("no steps")', () => {
    const { journey, problems } = parseFixture('no-steps.json');
    assert.equal(journey, null);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.match(problems[0].message, /^no steps: none of the 2 recordings .*\(1 could not be narrated\)/);
  });

  it('keeps every usable step of a file with wrong types and locates each fault as a warning', () => {
    const { journey, problems } = parseFixture('wrong-types.json');
    assert.ok(journey);
    assert.equal(journey.recordings, 2);
    assert.deepEqual(
      journey.steps.map((s) => [s.label, s.date, s.status, s.startMs]),
      [
        ['42', '2024-07-02', 'attempted_conversion', 10000],
        ['Entered Card Details', '2024-07-02', 'attempted_conversion', 12000],
        ['Payment Form Error', '', 'attempted_conversion', 40500],
        ['Closed Checkout', '2024-07-02', 'unknown', 55000],
      ],
    );
    assert.equal(journey.steps[3].details, '');
    assert.deepEqual(journey.warnings, ['1 malformed step skipped (see problems for where)']);
    assert.ok(problems.every((p) => p.severity === 'warning' && p.file === 'broken/wrong-types.json'));
    assert.deepEqual(
      problems.map((p) => `${at(p)} ${p.message.split(/[;(]/)[0].trim()}`),
      [
        '3:14 "steps" should be an array, found text',
        '9:7 step should be an object, found text',
        '11:18 label should be text, found a number',
        '23:7 step "Entered Card Details" has no recordingReel object',
        '28:7 step "Payment Form Error" has no date',
        '40:7 step "Closed Checkout" has no status',
        '46:22 details should be text, found a number',
        '56:21 "usage_metadata" should be a recording chunk object with "steps", found null',
      ],
    );
  });

  it('keeps a recording whose steps have no date between the recordings around it, with a warning per step', () => {
    const { journey, problems } = parseFixture('undated-recording.json');
    assert.deepEqual(
      journey!.steps.map((s) => [s.label, s.date]),
      [
        ['Created First Project', '2024-05-01'],
        ['Opened Plan Settings', ''],
        ['Viewed Invoice History', ''],
        ["Clicked 'Upgrade to Pro' Button", '2024-05-03'],
      ],
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      ['step "Opened Plan Settings" has no date', 'step "Viewed Invoice History" has no date'],
    );
  });

  for (const fixture of ['proto-keys.json', 'proto-keys-commented.json']) {
    it(`ignores __proto__ and constructor chunk keys with a warning and pollutes no prototype (${fixture})`, () => {
      const { journey, problems } = parseFixture(fixture);
      assert.deepEqual(
        journey!.steps.map((s) => s.label),
        ['Viewed Pricing Page'],
      );
      assert.equal(journey!.recordings, 1);
      assert.deepEqual(
        problems.map((p) => p.message),
        [
          'chunk key "__proto__" ignored: a key that can alter object prototypes is never read',
          'chunk key "constructor" ignored: a key that can alter object prototypes is never read',
        ],
      );
      const offset = fixture === 'proto-keys.json' ? 0 : 1;
      assert.deepEqual(problems.map(at), [`${2 + offset}:3`, `${13 + offset}:3`]);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    });
  }

  it('caps located warnings per file and says how many more there were', () => {
    const steps = Array.from({ length: 40 }, (_, i) => ({
      label: i,
      date: '2024-01-01',
      status: 'converted',
      recordingReel: { start: '00:01.0' },
    }));
    const text = JSON.stringify({ chunk: { steps } });
    const { journey, problems } = parseRecording({ text, file: 'many.json', relPath: 'many.json', outcomeRules: [] });
    assert.equal(journey!.steps.length, 40);
    assert.equal(problems.length, 26);
    assert.equal(problems[25].message, '15 more problems in this file not listed');
  });

  it('reads absurdly deep nesting without overflowing the stack, and locates what it found', () => {
    const deep = '// forces the tolerant parser\n' + '['.repeat(100000) + ']'.repeat(100000);
    const { journey, problems } = parseRecording({
      text: deep,
      file: 'deep.json',
      relPath: 'deep.json',
      outcomeRules: [],
    });
    assert.equal(journey, null);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.message, at(p)]),
      [
        [
          'error',
          'expected a JSON object of recording chunks (or a regrouped export with "groups"), found an array; file skipped',
          '2:1',
        ],
      ],
    );
  });

  it('never throws on any prefix of a real-style recording', () => {
    const text = readFileSync(path.join(LAYOUTS, 'chunk-map-basic.json'), 'utf8');
    for (let cut = 0; cut < text.length; cut += 7) {
      const out = parseRecording({ text: text.slice(0, cut), file: 'cut.json', relPath: 'cut.json', outcomeRules: [] });
      assert.equal(out.journey, null, `prefix of ${cut} chars`);
      assert.equal(out.problems.length, 1);
      assert.equal(out.problems[0].severity, 'error');
    }
  });
});
