// A seeded fuzz of the recordings reader: a few hundred mutants of real recordings (byte flips, truncation, type
// changes, deep nesting, huge strings, prototype keys, BOMs, CRLF, wrapping arrays, late markers, control characters,
// bad escapes) read beside the untouched files, through the same core the CLI and the extension use, then once more
// from disk through the workers' parseFiles. Deterministic: a failure names its seed and mutation, and reproduces.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_OUTCOME_RULES, withDefaults } from '../../../../../src/core/journeys/options';
import { accountForFile, type FileVerdict } from '../../../../../src/core/journeys/parse/account';
import { seededRandom } from '../../../../../src/core/shared/random';
import type { Problem } from '../../../../../src/core/journeys/types';
import { parseFiles } from '../../../../../src/node/parseFiles';
import { REPO_ROOT } from '../../../../support/paths';
import { recordingSources } from '../../../../support/recordings';

// Fixed so that npm test is deterministic; set JOURNEY_LENS_FUZZ_SEED / _MUTANTS to explore further.
const SEED = Number(process.env.JOURNEY_LENS_FUZZ_SEED ?? 20261202);
const MUTANTS = Number(process.env.JOURNEY_LENS_FUZZ_MUTANTS ?? 400);

type Random = () => number;
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

interface Mutation {
  name: string;
  /** The recording is all still there, only dressed differently: every step must be read back. */
  keepsSteps?: boolean;
  apply(text: string, r: Random): string;
}

const NOISE = [
  '"',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\\',
  '0',
  '-',
  'e',
  ' ',
  '\n',
  '\u0000',
  '\u0001',
  '\u001b',
  '\u2028',
  'é',
  '\ud800',
];

/** Offset just inside some string value of the text (after an opening quote that follows a colon). */
function insideString(text: string, r: Random): number {
  const starts: number[] = [];
  for (const m of text.matchAll(/:\s*"/g)) starts.push(m.index + m[0].length);
  return starts.length ? pick(r, starts) + int(r, 0, 3) : int(r, 0, text.length);
}

/** Replaces one randomly chosen value of the parsed text with a value of another type. */
function changeType(text: string, r: Random): string {
  const root = JSON.parse(text) as unknown;
  const holders: { obj: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : v && typeof v === 'object'
        ? Object.entries(v)
        : [];
    for (const [key, x] of entries) {
      holders.push({ obj: v as Record<string, unknown>, key });
      stack.push(x);
    }
  }
  const { obj, key } = pick(r, holders);
  const replacement = pick(r, [null, 42, -1.5e300, true, '', 'text', [], {}, [1, 'a'], { steps: 'no' }, '00:99.9']);
  (obj as Record<string | number, unknown>)[key] = replacement;
  return JSON.stringify(root, null, pick(r, [0, 2]));
}

const MUTATIONS: Mutation[] = [
  {
    name: 'byte flip',
    apply: (t, r) => {
      const at = int(r, 0, t.length - 1);
      return t.slice(0, at) + pick(r, NOISE) + t.slice(at + 1);
    },
  },
  { name: 'truncation', apply: (t, r) => t.slice(0, int(r, 0, t.length - 1)) },
  { name: 'type change', apply: changeType },
  {
    name: 'deep nesting, unclosed',
    apply: (t, r) => {
      const at = int(r, 0, t.length);
      return t.slice(0, at) + '['.repeat(int(r, 900, 30000)) + t.slice(at);
    },
  },
  {
    name: 'deep nesting under an extra first key',
    keepsSteps: true,
    apply: (t, r) => {
      const n = int(r, 900, 20000);
      return `{"nested": ${'['.repeat(n)}${']'.repeat(n)},${t.trimStart().slice(1)}`;
    },
  },
  {
    name: 'huge string',
    keepsSteps: true,
    apply: (t, r) => t.replace(/"label":/, `"note": "${'y'.repeat(int(r, 10_000, 300_000))}", $&`),
  },
  {
    name: 'prototype keys',
    keepsSteps: true,
    apply: (t, r) =>
      `{"${pick(r, ['__proto__', 'constructor', 'prototype'])}": {"polluted": true, "steps": []},${t.trimStart().slice(1)}`,
  },
  {
    name: 'prototype key inside a step',
    keepsSteps: true,
    apply: (t) => t.replace(/"label":/, '"__proto__": {"label": "injected"}, "constructor": 1, "label":'),
  },
  { name: 'BOM', keepsSteps: true, apply: (t) => `\uFEFF${t}` },
  { name: 'CRLF', keepsSteps: true, apply: (t) => t.replace(/\n/g, '\r\n') },
  { name: 'wrapped in an array', keepsSteps: true, apply: (t, r) => (r() < 0.5 ? `[${t}]` : `[\n  ${t},\n  null\n]`) },
  {
    name: 'late marker',
    keepsSteps: true,
    apply: (t, r) => `{"notes": "${'n'.repeat(int(r, 8200, 12000))}",${t.trimStart().slice(1)}`,
  },
  {
    name: 'comments and trailing commas',
    keepsSteps: true,
    apply: (t) => `// exported\n${t.replace(/\}(\s*)\]/, '},$1]').replace(/("steps":)/, '/* s */ $1')}`,
  },
  {
    name: 'deleted range',
    apply: (t, r) => {
      const at = int(r, 0, t.length - 1);
      return t.slice(0, at) + t.slice(at + int(r, 1, 400));
    },
  },
  {
    name: 'duplicated range',
    apply: (t, r) => {
      const at = int(r, 0, t.length - 1);
      return t.slice(0, at) + t.slice(at, at + int(r, 1, 400)) + t.slice(at);
    },
  },
  {
    name: 'control character in a string',
    apply: (t, r) => {
      const at = insideString(t, r);
      return t.slice(0, at) + String.fromCharCode(int(r, 1, 31)) + t.slice(at);
    },
  },
  {
    name: 'bad escape in a string',
    apply: (t, r) => {
      const at = insideString(t, r);
      return t.slice(0, at) + pick(r, ['\\q', '\\u12', '\\x41', '\\']) + t.slice(at);
    },
  },
  { name: 'empty object', apply: () => '{}' },
  {
    name: 'NUL byte',
    apply: (t, r) => {
      const at = int(r, 0, t.length);
      return `${t.slice(0, at)}\u0000${t.slice(at)}`;
    },
  },
];

/** Whole-file problems that have no position to give, by design. */
const WHOLE_FILE = /^(?:empty file|binary content|\d+ more problems? in this file not listed)/;

function checkAccounted(v: FileVerdict, what: string): void {
  if (v.kind === 'journey') {
    assert.ok(v.journey.steps.length > 0, `${what}: a journey has steps`);
  } else if (v.kind === 'broken') {
    assert.ok(
      v.problems.some((p) => p.severity === 'error'),
      `${what}: a broken file has an error saying why`,
    );
  } else {
    assert.equal(v.kind, 'skipped', what);
    assert.ok(v.reason.length > 0, `${what}: a skipped file says why`);
    if (v.reason.startsWith('not valid JSON (JSON syntax error'))
      assert.match(v.reason, /at line \d+, column \d+\)/, `${what}: the syntax error is located`);
  }
  const problems: Problem[] = v.kind === 'skipped' ? [] : v.problems;
  for (const p of problems) {
    assert.doesNotMatch(p.message, /^could not parse this file/, `${what}: the parser's safety net caught a throw`);
    if (!WHOLE_FILE.test(p.message))
      assert.ok(p.line !== undefined && p.column !== undefined, `${what}: located: ${p.message}`);
  }
}

const labels = (v: FileVerdict) => (v.kind === 'journey' ? v.journey.steps.map((s) => `${s.date}|${s.label}`) : []);

describe(`fuzzing the recordings reader (seed ${SEED}, ${MUTANTS} mutants)`, function () {
  this.timeout(120_000);
  const originals = [
    ...recordingSources(),
    ...['regrouped.json', 'single-chunk.json', 'chunk-map-bare-ids.json'].map((f) => ({
      relPath: `layouts/${f}`,
      text: readFileSync(path.resolve(REPO_ROOT, 'test-fixtures/layouts', f), 'utf8'),
    })),
  ];
  const read = (text: string, relPath: string) =>
    accountForFile({ text, file: relPath, relPath, outcomeRules: DEFAULT_OUTCOME_RULES });
  const baseline = new Map(originals.map((o) => [o.relPath, labels(read(o.text, o.relPath))]));

  const random = seededRandom(SEED);
  const mutants = Array.from({ length: MUTANTS }, (_, i) => {
    const source = originals[i % originals.length];
    const mutation = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
    return { i, source, mutation, text: mutation.apply(source.text, random) };
  });

  it('the untouched files are recordings with steps to lose', () => {
    for (const [relPath, steps] of baseline) assert.ok(steps.length > 0, relPath);
  });

  it('never throws, accounts for every mutant, locates every problem, and reads every step of a merely re-dressed file', () => {
    const kinds = new Map<string, number>();
    for (const m of mutants) {
      const what = `mutant ${m.i} (${m.mutation.name} of ${m.source.relPath}, seed ${SEED})`;
      let v: FileVerdict;
      assert.doesNotThrow(() => (v = read(m.text, `mutants/${m.i}.json`)), what);
      checkAccounted(v!, what);
      kinds.set(v!.kind, (kinds.get(v!.kind) ?? 0) + 1);
      if (m.mutation.keepsSteps) assert.deepEqual(labels(v!), baseline.get(m.source.relPath), `${what}: no step lost`);
    }
    // The mix is a sanity check on the mutator itself: it must break files, keep some, and make some not recordings.
    for (const kind of ['journey', 'broken', 'skipped'])
      assert.ok((kinds.get(kind) ?? 0) > 0, `some mutants end ${kind}`);
    for (const o of originals) assert.deepEqual(labels(read(o.text, o.relPath)), baseline.get(o.relPath), o.relPath);
  });

  it('accounts for every file of a folder of mutants and originals read from disk, and the originals lose no step', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jl-fuzz-'));
    try {
      const tasks: { file: string; relPath: string }[] = [];
      const write = (relPath: string, text: string) => {
        const file = path.join(dir, relPath.replace(/\//g, '__'));
        writeFileSync(file, text);
        tasks.push({ file, relPath });
      };
      // Originals in between the mutants, as in a real folder where one broken export sits beside good ones.
      for (const m of mutants) {
        write(`mutants/${m.i}.json`, m.text);
        if (m.i % 50 === 0) for (const o of originals) write(`originals/${m.i}/${o.relPath}`, o.text);
      }
      const results = parseFiles(tasks, withDefaults(), { derive: true });
      assert.equal(results.length, tasks.length, 'one result per file');
      results.forEach((r, k) => {
        assert.equal(r.file, tasks[k].file);
        if (r.kind === 'broken')
          assert.ok(
            r.problems.some((p) => p.severity === 'error'),
            tasks[k].relPath,
          );
        if (r.kind === 'skipped') assert.ok(r.skipped.reason, tasks[k].relPath);
        const original = /^originals\/\d+\/(.+)$/.exec(tasks[k].relPath);
        if (original) {
          assert.equal(r.kind, 'journey', tasks[k].relPath);
          if (r.kind === 'journey')
            assert.deepEqual(
              r.journey.steps.map((s) => `${s.date}|${s.label}`),
              baseline.get(original[1]),
              `${tasks[k].relPath} lost no step`,
            );
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
