// The extension host's session: compact reports, and one journey's steps, timeline and analysis fetched from the
// session worker on demand. Real files on disk, the real worker threads (built by esbuild first).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDefaults } from '../../../src/core/journeys/options';
import { journeyDetail, reportSummary, type CompactReport } from '../../../src/core/journeys/reportSummary';
import type { Report } from '../../../src/core/journeys/types';
import { AnalysisSession } from '../../../src/node/analysisSession';
import { findCandidateFiles } from '../../../src/node/findRecordings';
import { generateCorpus } from '../../../test-fixtures/generate';
import { REPO_ROOT } from '../../support/paths';

/** Timestamps differ between two builds of the same data; nothing else may. */
const comparable = (x: unknown) => JSON.stringify(x).replace(/"generatedAt":"[^"]*"/g, '');

describe('journeys on demand: the host holds the summary, the session worker the steps', function () {
  this.timeout(180_000);
  let dir: string;
  let files: string[];
  let full: Report;

  before(async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT });
    dir = mkdtempSync(path.join(tmpdir(), 'jl-on-demand-'));
    // 1,000 journeys: the size from which an update answers with a patch (PROVISIONAL_MIN_JOURNEYS).
    generateCorpus({ count: 1000, seed: 23, openShare: 0.2, dir });
    files = await findCandidateFiles(dir);
    const session = new AnalysisSession(dir, withDefaults());
    try {
      full = await session.analyze(files);
    } finally {
      session.dispose();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the host exactly the compact summary of the full report, and no journey carries steps', async () => {
    const session = new AnalysisSession<CompactReport>(dir, withDefaults(), {}, true);
    try {
      const report = await session.analyze(files);
      assert.equal(report.journeys.length, 1000);
      assert.ok(report.journeys.every((j) => j.steps === undefined && j.timeline === undefined && !j.analysis));
      const { summaryVersion: _v, ...summary } = reportSummary(full);
      // Key order differs (the journeys arrive ahead of the report's other fields); nothing else may.
      const same = (x: object) =>
        JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'generatedAt' ? '' : v))) as unknown;
      assert.deepStrictEqual(same(report), same(summary));
    } finally {
      session.dispose();
    }
  });

  it("serves a journey's steps, timeline and analysis on demand, equal to the full report's", async () => {
    const session = new AnalysisSession<CompactReport>(dir, withDefaults(), {}, true);
    try {
      const report = await session.analyze(files);
      for (const j of [report.journeys[0], report.journeys[417], report.journeys.at(-1)!]) {
        const detail = await session.journeyDetail(j.id);
        const expected = full.journeys.find((x) => x.id === j.id)!;
        assert.ok(detail, `no detail for ${j.id}`);
        assert.equal(comparable(detail), comparable(journeyDetail(expected)));
        assert.equal(detail.steps.length, j.metrics.steps);
      }
      const { bytes, generatedAt } = await session.journeyDetailBytes(report.journeys[1].id);
      assert.ok(bytes instanceof Uint8Array, 'the host gets bytes to forward, not objects to serialise');
      assert.equal(generatedAt, report.generatedAt);
    } finally {
      session.dispose();
    }
  });

  it('answers "no such journey" for a journey that vanished in a re-analysis, and the edited one as it is now', async () => {
    const session = new AnalysisSession<CompactReport>(dir, withDefaults(), {}, true);
    const target = files[5];
    const deleted = files[9];
    const original = readFileSync(target, 'utf8');
    const deletedText = readFileSync(deleted, 'utf8');
    try {
      const before = await session.analyze(files);
      const gone = before.journeys.find((j) => j.file === deleted)!;
      const edited = before.journeys.find((j) => j.file === target)!;
      assert.ok(await session.journeyDetail(gone.id), 'present before the deletion');

      const data = JSON.parse(original) as Record<string, { steps: { label: string }[] }>;
      Object.values(data)[0].steps[0].label = 'Opened Cancel Subscription Dialog';
      writeFileSync(target, JSON.stringify(data));
      rmSync(deleted);
      const after = await session.update({ changed: [target], deleted: [deleted] });
      assert.ok(!after.journeys.some((j) => j.id === gone.id));
      assert.ok(
        after.journeys.every((j) => j.steps === undefined),
        'a patch carries compact journeys too',
      );

      assert.equal(await session.journeyDetail(gone.id), undefined);
      const { bytes } = await session.journeyDetailBytes(gone.id);
      assert.equal(bytes, null);
      const now = await session.journeyDetail(edited.id);
      assert.equal(now?.steps[0].label, 'Opened Cancel Subscription Dialog');
      assert.equal(now?.contentHash, after.journeys.find((j) => j.id === edited.id)?.contentHash);
    } finally {
      session.dispose();
      writeFileSync(target, original);
      writeFileSync(deleted, deletedText);
    }
  });

  it("finds journeys by their steps' text in the worker, with every word required, as the page would in a full report", async () => {
    const session = new AnalysisSession<CompactReport>(dir, withDefaults(), {}, true);
    try {
      await session.analyze(files);
      const withLabel = full.journeys.find((j) => j.steps.some((s) => /\s/.test(s.label.trim())))!;
      const label = withLabel.steps.find((s) => /\s/.test(s.label.trim()))!.label;
      const words = label.toLowerCase().split(/\s+/).filter(Boolean);
      const expected = full.journeys
        .filter((j) => {
          const text = [j.name, j.id, j.file, ...j.warnings, ...(j.prediction?.top.map((t) => t.feature) ?? [])]
            .concat(
              j.steps.flatMap((s) => [s.label, s.details]),
              j.analysis ? [j.analysis.summary] : [],
            )
            .join('\n')
            .toLowerCase();
          return words.every((w) => text.includes(w));
        })
        .map((j) => j.id);
      const found = await session.search(label.toUpperCase());
      assert.ok(found.includes(withLabel.id));
      assert.deepEqual(found.sort(), expected.sort());
      assert.deepEqual(await session.search(`${label} zzz-no-step-says-this`), []);
    } finally {
      session.dispose();
    }
  });
});
