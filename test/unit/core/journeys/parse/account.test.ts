// Every file is accounted for: a journey, a located problem, or a counted "not a recording" with the reason. The
// recordings here are the six real ones (or, where they are absent, the project's own sample) in the shapes real
// exports come in that the head sniff alone missed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_OUTCOME_RULES } from '../../../../../src/core/journeys/options';
import { parseRecording } from '../../../../../src/core/journeys/parse';
import { accountForFile, type FileVerdict } from '../../../../../src/core/journeys/parse/account';
import { locateJsonPath } from '../../../../../src/core/journeys/parse/locate';
import type { Journey } from '../../../../../src/core/journeys/types';
import { REPO_ROOT } from '../../../../support/paths';
import { recordingSources } from '../../../../support/recordings';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

function account(text: string, relPath = 'upgrades/x.json'): FileVerdict {
  return accountForFile({ text, file: relPath, relPath, outcomeRules: DEFAULT_OUTCOME_RULES });
}

function journeyOf(v: FileVerdict): Journey {
  assert.equal(v.kind, 'journey', JSON.stringify(v).slice(0, 400));
  return (v as Extract<FileVerdict, { kind: 'journey' }>).journey;
}

const labels = (j: Journey) => j.steps.map((s) => `${s.date} ${s.label}`);

/** 1-based line and column of an offset, as the problems give them. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe('every file accounted for (accountForFile)', () => {
  const sources = recordingSources();

  for (const { relPath, text } of sources) {
    const original = journeyOf(account(text, relPath));

    it(`reads ${relPath} wrapped in an array, every step kept and each step's path pointing into the array`, () => {
      const wrapped = `[\n${text}\n]`;
      const j = journeyOf(account(wrapped, relPath));
      assert.deepEqual(labels(j), labels(original));
      assert.equal(j.recordings, original.recordings);
      const step = j.steps[j.steps.length - 1];
      assert.equal(step.sourcePath[0], 0);
      const at = locateJsonPath(wrapped, step.sourcePath);
      assert.ok(at, 'the step can be opened in the file');
      assert.match(
        wrapped.slice(at.offset, at.offset + 200),
        new RegExp(`"label":\\s*${JSON.stringify(step.label).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    });

    it(`reads ${relPath} with bare-id chunk keys, usage_metadata before steps and a 9 KB first label (first marker past 8 KB)`, () => {
      const chunks = JSON.parse(text) as Record<string, { steps: { label: string }[]; [k: string]: unknown }>;
      const late: Record<string, unknown> = {};
      for (const [key, chunk] of Object.entries(chunks)) {
        const id = key.replace(/^export-/, '').replace(/\.ph-recording-chunk-summaries$/, '');
        const { steps, ...rest } = chunk;
        late[id] = { usage_metadata: { prompt_tokens: 1 }, ...rest, steps };
      }
      const first = Object.values(late)[0] as { steps: { label: string }[] };
      first.steps[0] = { ...first.steps[0], label: `${first.steps[0].label} ${'x'.repeat(9000)}` };
      const lateText = JSON.stringify(late, null, 2);
      assert.ok(lateText.indexOf('"start_ms_since"') > 8192 || !lateText.includes('"start_ms_since"'));
      const j = journeyOf(account(lateText, relPath));
      assert.equal(j.steps.length, original.steps.length);
    });

    it(`reads ${relPath} behind an extra first key holding a 5,000-deep array, and locates the warning about it`, () => {
      const extra = `{\n  "meta": ${'['.repeat(5000)}${']'.repeat(5000)},\n${text.trimStart().slice(1)}`;
      const v = account(extra, relPath);
      const j = journeyOf(v);
      assert.deepEqual(labels(j), labels(original));
      const warning = (v as Extract<FileVerdict, { kind: 'journey' }>).problems.find((p) => /"meta"/.test(p.message));
      assert.ok(warning, 'the extra key is named');
      assert.equal(`${warning.line}:${warning.column}`, '2:11');
    });
  }

  it('locates warnings in a valid file nested deeper than the tree parser can go', () => {
    const { text } = sources[0];
    // A wrong-typed label in the first step, and 20,000 levels of nesting under an extra key after the chunks.
    const broken = text.replace(/"label":\s*"[^"]*"/, '"label": 42');
    const deep = `${broken.trimEnd().slice(0, -1)},\n  "zz": ${'['.repeat(20000)}${']'.repeat(20000)}\n}`;
    const v = account(deep);
    assert.equal(v.kind, 'journey');
    const problems = (v as Extract<FileVerdict, { kind: 'journey' }>).problems;
    const label = problems.find((p) => p.message.startsWith('label should be text'));
    assert.ok(label);
    assert.equal(`${label.line}:${label.column}`, lineColumn(deep, deep.indexOf('42')));
    for (const p of problems) assert.ok(p.line && p.column, `located: ${p.message}`);
  });

  it('locates a syntax error 100,000 unclosed brackets deep inside a recording', () => {
    const { text } = sources[0];
    const cut = text.indexOf('"date"');
    const deep = `${text.slice(0, cut)}"extra": ${'['.repeat(100000)}\n${text.slice(cut)}`;
    const v = account(deep);
    assert.equal(v.kind, 'broken');
    const [problem] = (v as Extract<FileVerdict, { kind: 'broken' }>).problems;
    assert.match(problem.message, /^JSON syntax error: /);
    assert.ok(problem.line && problem.column, JSON.stringify(problem));
    // The first token the brackets cannot take: the "date" key's colon inside the innermost array.
    assert.equal(`${problem.line}:${problem.column}`, lineColumn(deep, deep.indexOf(':', deep.indexOf('"date"', cut))));
  });

  it("points at a control character inside a string, not at the string's opening quote", () => {
    const { text } = sources[0];
    const label = text.indexOf('"label": "') + '"label": "'.length;
    const bad = `${text.slice(0, label + 5)}\u0007${text.slice(label + 5)}`;
    const v = parseRecording({ text: bad, file: 'f.json', relPath: 'f.json', outcomeRules: [] });
    assert.equal(v.journey, null);
    assert.match(v.problems[0].message, /invalid character in a string/);
    assert.equal(`${v.problems[0].line}:${v.problems[0].column}`, lineColumn(bad, label + 5));
  });

  it('points at a bad escape inside a string', () => {
    const bad = '{\n  "c": { "steps": [ { "label": "a\\qb" } ] }\n}';
    const v = parseRecording({ text: bad, file: 'f.json', relPath: 'f.json', outcomeRules: [] });
    assert.match(v.problems[0].message, /invalid escape character/);
    assert.equal(`${v.problems[0].line}:${v.problems[0].column}`, lineColumn(bad, bad.indexOf('\\q')));
  });

  it('counts an empty object, an empty file and JSON that is no recording as skipped, each with why', () => {
    assert.deepEqual(account('{}'), { kind: 'skipped', reason: 'an empty JSON object' });
    assert.deepEqual(account('  \n'), { kind: 'skipped', reason: 'empty file' });
    assert.deepEqual(account('[]'), { kind: 'skipped', reason: 'an empty JSON array' });
    const pkg = account(readFileSync(path.join(LAYOUTS, 'sniff-package.json'), 'utf8'), 'package.json');
    assert.equal(pkg.kind, 'skipped');
    assert.match((pkg as { reason: string }).reason, /^a JSON object \("name", .*\) with no recording chunks/);
    const workflow = account(readFileSync(path.join(LAYOUTS, 'sniff-workflow.json'), 'utf8'));
    assert.equal(workflow.kind, 'skipped', 'a workflow\'s "steps" are not recording steps');
    const tsconfig = account(readFileSync(path.join(LAYOUTS, 'sniff-tsconfig.json'), 'utf8'));
    assert.equal(tsconfig.kind, 'skipped');
    assert.deepEqual(account('{"name": "x",'), {
      kind: 'skipped',
      reason:
        'not valid JSON (JSON syntax error: expected a property name in double quotes at line 1, column 14) and no recording field anywhere in it',
    });
  });

  it('reports a broken file that names recording fields past the sniffed head as a located problem, not a skip', () => {
    const text = `{"notes": "${'n'.repeat(9000)}", "c": { "steps": [ { "label": "a", "recordingReel": { "start": "00:01.0" } } ]`;
    const v = account(text);
    assert.equal(v.kind, 'broken');
    const [p] = (v as Extract<FileVerdict, { kind: 'broken' }>).problems;
    assert.equal(p.severity, 'error');
    assert.ok(p.line && p.column);
  });

  it('reports an array of bare steps as a located problem (it holds recording steps, in no layout we read)', () => {
    const v = account(readFileSync(path.join(LAYOUTS, 'top-level-array.json'), 'utf8'));
    assert.equal(v.kind, 'broken');
    const [p] = (v as Extract<FileVerdict, { kind: 'broken' }>).problems;
    assert.match(p.message, /found an array/);
    assert.equal(`${p.line}:${p.column}`, '1:1');
  });
});
