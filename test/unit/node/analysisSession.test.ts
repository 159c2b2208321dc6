// The session as the extension host drives it: real files on disk, the real worker threads (built by esbuild first).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Journey, Problem, Report, SkippedFile } from '../../../src/core/journeys/types';
import { withDefaults } from '../../../src/core/journeys/options';
import { buildReport } from '../../../src/core/journeys/report';
import { reportJsonChunks } from '../../../src/core/journeys/reportJson';
import { compactReportSummary, reportSummary } from '../../../src/core/journeys/reportSummary';
import { AnalysisSession, analyzeFolderToJson } from '../../../src/node/analysisSession';
import { findCandidateFiles, relativeId } from '../../../src/node/findRecordings';
import { parseFiles } from '../../../src/node/parseFiles';
import { generateCorpus } from '../../../test-fixtures/generate';
import { REPO_ROOT } from '../../support/paths';

const root = REPO_ROOT;
/** Timestamps differ between two builds of the same data; nothing else may. */
const comparable = (r: Report) => JSON.stringify(r).replace(/"generatedAt":"[^"]*"/g, '');

function inProcessReport(dir: string, files: string[]): Report {
  const options = withDefaults();
  const journeys: Journey[] = [];
  const problems: Problem[] = [];
  const skipped: SkippedFile[] = [];
  for (const r of parseFiles(
    files.map((file) => ({ file, relPath: relativeId(dir, file) })),
    options,
  )) {
    if (r.kind === 'journey') journeys.push(r.journey);
    if (r.kind === 'skipped') skipped.push(r.skipped);
    else problems.push(...r.problems);
  }
  return buildReport({ root: dir, journeys, problems, skipped }, options);
}

describe('AnalysisSession on 1,000 generated recordings (session worker + helper)', function () {
  this.timeout(180_000);
  let dir: string;
  let files: string[];

  before(async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root });
    dir = mkdtempSync(path.join(tmpdir(), 'jl-session-'));
    generateCorpus({ count: 1000, seed: 11, openShare: 0.2, dir });
    files = await findCandidateFiles(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same report as building it on one thread, with-status scores from the helper included', async () => {
    const session = new AnalysisSession(dir, withDefaults());
    try {
      const report = await session.analyze(files);
      assert.equal(report.journeys.length, 1000);
      assert.equal(comparable(report), comparable(inProcessReport(dir, files)));
      assert.equal(session.files.length, 1000);
    } finally {
      session.dispose();
    }
  });

  it('writes the full report from the worker (--json) as the streamed report of the same analysis, and answers its summary', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'jl-session-json-'));
    try {
      const file = path.join(out, 'r.json');
      const compact = await analyzeFolderToJson(dir, withDefaults(), file);
      const written = readFileSync(file, 'utf8');
      const expected = inProcessReport(dir, files);
      // The report and every rule-based analysis carry a timestamp.
      const stamp = /"generatedAt": "[^"]*"/g;
      assert.equal(
        written.replace(stamp, ''),
        `${[...reportJsonChunks(expected)].join('')}\n`.replace(stamp, ''),
        'the bytes the CLI wrote from the full report before',
      );
      assert.equal(
        JSON.stringify(compactReportSummary(compact)).replace(/"generatedAt":"[^"]*"/g, ''),
        JSON.stringify(reportSummary(expected)).replace(/"generatedAt":"[^"]*"/g, ''),
      );
      assert.ok(!compact.journeys.some((j) => 'steps' in j), 'no steps cross to the caller');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('shows an edited journey at once, scored by the previous model, then retrains to what a fresh analysis gives', async () => {
    let nextReport: ((r: Report) => void) | null = null;
    const session = new AnalysisSession(dir, withDefaults(), { onReport: (r) => nextReport?.(r) });
    const target = files[3];
    const deleted = files[7];
    const original = readFileSync(target, 'utf8');
    const deletedText = readFileSync(deleted, 'utf8');
    try {
      await session.analyze(files);
      const data = JSON.parse(original) as Record<string, { steps: { label: string }[] }>;
      Object.values(data)[0].steps[0].label = 'Opened Cancel Subscription Dialog';
      writeFileSync(target, JSON.stringify(data));
      rmSync(deleted);

      const provisional = await session.update({ changed: [target], deleted: [deleted] });
      const retrained = new Promise<Report>((resolve) => (nextReport = resolve));
      const edited = provisional.journeys.find((j) => j.file === target);
      assert.equal(edited?.steps[0].label, 'Opened Cancel Subscription Dialog');
      assert.equal(edited?.prediction?.outOfFold, false, 'the previous model saw the old version: not out-of-fold');
      assert.ok(!provisional.journeys.some((j) => j.file === deleted));
      assert.equal(provisional.journeys.length, 999);

      const final = await retrained;
      assert.equal(session.report, final);
      const remaining = files.filter((f) => f !== deleted);
      assert.equal(comparable(final), comparable(inProcessReport(dir, remaining)));
    } finally {
      session.dispose();
      writeFileSync(target, original);
      writeFileSync(deleted, deletedText);
    }
  });

  it('answers a save that lands during the background retrain at once, giving that retrain up, and retrains after it', async () => {
    const [first, second] = [files[5], files[9]];
    const originals = [first, second].map((f) => readFileSync(f, 'utf8'));
    const relabel = (file: string, text: string, label: string) => {
      const data = JSON.parse(text) as Record<string, { steps: { label: string }[] }>;
      Object.values(data)[0].steps[0].label = label;
      writeFileSync(file, JSON.stringify(data));
    };
    /** Two saves; with `overlap` the second lands as soon as the retrain after the first has begun. */
    const twoSaves = async (overlap: boolean) => {
      let nextReport: ((r: Report) => void) | null = null;
      let trainingStarted: (() => void) | null = null;
      const logs: string[] = [];
      const session = new AnalysisSession(dir, withDefaults(), {
        onReport: (r) => nextReport?.(r),
        onProgress: (p) => p.phase === 'training' && trainingStarted?.(),
        log: (m) => logs.push(m),
      });
      try {
        writeFileSync(first, originals[0]);
        writeFileSync(second, originals[1]);
        await session.analyze(files);
        relabel(first, originals[0], 'Opened Cancel Subscription Dialog');
        const started = new Promise<void>((resolve) => (trainingStarted = resolve));
        const retrainedFirst = new Promise<Report>((resolve) => (nextReport = resolve));
        await session.update({ changed: [first], deleted: [] });
        await (overlap ? started : retrainedFirst);
        trainingStarted = null;
        relabel(second, originals[1], 'Submitted Support Ticket');
        const retrained = new Promise<Report>((resolve) => (nextReport = resolve));
        const provisional = await session.update({ changed: [second], deleted: [] });
        const final = await retrained;
        assert.equal(session.report, final);
        return { provisional, final, logs };
      } finally {
        session.dispose();
      }
    };
    try {
      const overlapped = await twoSaves(true);
      const label = (r: Report, f: string) => r.journeys.find((j) => j.file === f)?.steps[0].label;
      assert.equal(label(overlapped.provisional, first), 'Opened Cancel Subscription Dialog');
      assert.equal(label(overlapped.provisional, second), 'Submitted Support Ticket');
      assert.ok(
        overlapped.logs.includes('background retrain given up for a newer request'),
        `the first retrain gave way; the session logged: ${overlapped.logs.join(' | ')}`,
      );
      // Giving the retrain up changes nothing: the same report as two saves far apart.
      const apart = await twoSaves(false);
      assert.ok(!apart.logs.includes('background retrain given up for a newer request'));
      assert.equal(comparable(overlapped.final), comparable(apart.final));
    } finally {
      writeFileSync(first, originals[0]);
      writeFileSync(second, originals[1]);
    }
  });
});
