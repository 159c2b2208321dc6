import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReportSummary } from '../../../src/core/journeys/reportSummary';
import type { Report } from '../../../src/core/journeys/types';
import { REPO_ROOT } from '../../support/paths';

// The CLI is tested as a user runs it: the built bundle, a real folder on disk, real exit codes.
const root = REPO_ROOT;
const cli = path.join(root, 'dist/cli.js');
const sample = path.join(root, 'test-fixtures/sample');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
}

describe('journey-lens CLI', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'jl-cli-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('analyses the bundled sample, prints a summary and writes a report matching the documented schema', () => {
    const out = path.join(work, 'report.json');
    const res = run(['analyze', sample, '--json', out, '--quiet']);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Journey Lens: \d+ journeys/);
    assert.match(res.stdout, /accuracy \d+\.\d%/);
    assert.match(res.stdout, /leaks the label/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    assert.ok(report.journeys.length >= 12, `sample has ${report.journeys.length} journeys`);
    const outcomes = new Set(report.journeys.map((j) => j.outcome));
    for (const o of ['upgrade', 'cancel', 'open']) assert.ok(outcomes.has(o as never), `sample lacks ${o} journeys`);
    const j = report.journeys[0];
    for (const key of [
      'id',
      'file',
      'outcome',
      'outcomeSource',
      'prediction',
      'steps',
      'metrics',
      'timeline',
      'warnings',
    ]) {
      assert.ok(key in j, `journey lacks "${key}"`);
    }
    for (const key of ['index', 'label', 'status', 'date', 'startMs', 'endMs', 'details', 'recordingId']) {
      assert.ok(key in j.steps[0], `step lacks "${key}"`);
    }
    assert.ok(j.timeline.startsWith('flowchart LR'));
    const ev = report.model.evaluation!;
    assert.equal(ev.method, 'leave-one-out', 'fewer than 30 labelled journeys must use leave-one-out');
    for (const key of [
      'n',
      'accuracy',
      'precision',
      'recall',
      'f1',
      'auc',
      'brier',
      'confusion',
      'withStatus',
      'earlyWarning',
    ]) {
      assert.ok(key in ev, `evaluation lacks "${key}"`);
    }
    assert.deepEqual(
      ev.earlyWarning.map((e) => e.fraction),
      [0.25, 0.5, 0.75, 1],
    );
    assert.ok(report.profiles.upgrade && report.profiles.cancel);
    for (const jr of report.journeys.filter((x) => x.outcome !== 'open')) {
      assert.equal(jr.prediction?.outOfFold, true, `${jr.id}: a labelled journey must show its out-of-fold prediction`);
    }
  });

  it('writes the compact summary with --summary-json: the journeys of the full report without steps, timelines or analyses', () => {
    const full = path.join(work, 'report.json');
    const compact = path.join(work, 'summary.json');
    const res = run(['analyze', sample, '--json', full, '--summary-json', compact, '--quiet']);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Summary written to .*summary\.json/);
    const report = JSON.parse(readFileSync(full, 'utf8')) as Report;
    const summary = JSON.parse(readFileSync(compact, 'utf8')) as ReportSummary;
    assert.equal(summary.summaryVersion, 2);
    assert.deepEqual(
      summary.journeys.map((j) => [j.id, j.outcome, j.prediction?.pUpgrade, j.metrics.steps]),
      report.journeys.map((j) => [j.id, j.outcome, j.prediction?.pUpgrade, j.metrics.steps]),
    );
    assert.ok(summary.journeys.every((j) => !('steps' in j) && !('timeline' in j) && !('analysis' in j)));
    assert.deepEqual(summary.model, report.model);
    assert.deepEqual(summary.problems, report.problems);
    // The streamed full report is the same text the one-piece serialiser writes.
    assert.equal(readFileSync(full, 'utf8'), `${JSON.stringify(report, null, 2)}\n`);
  });

  it('reports a truncated file with its line and column and still analyses the rest', () => {
    const folder = path.join(work, 'recordings');
    cpSync(sample, folder, { recursive: true });
    const good = JSON.parse(
      run(['analyze', folder, '--json', path.join(work, 'a.json'), '--quiet']).status === 0
        ? readFileSync(path.join(work, 'a.json'), 'utf8')
        : '{}',
    ) as Report;
    writeFileSync(
      path.join(folder, 'truncated.json'),
      '{\n  "export-1.ph-recording-chunk-summaries": {\n    "steps": [ { "label": "Open pricing",\n',
    );
    const out = path.join(work, 'b.json');
    const res = run(['analyze', folder, '--json', out, '--quiet']);
    assert.equal(res.status, 0, res.stderr);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    assert.equal(report.journeys.length, good.journeys.length, 'every good journey is still analysed');
    const problem = report.problems.find((p) => p.file === 'truncated.json');
    assert.ok(problem, 'the truncated file is reported');
    assert.equal(problem.severity, 'error');
    assert.ok(problem.line && problem.line >= 3, `line ${problem.line}`);
    assert.ok(problem.column && problem.column >= 1);
    assert.match(res.stdout, new RegExp(`truncated\\.json:${problem.line}:${problem.column}`));
  });

  it('exits 2 with usage on a bad command or a missing folder', () => {
    const bad = run(['frobnicate']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Usage: journey-lens analyze/);
    const missing = run(['analyze', path.join(work, 'nope')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /folder not found/);
    assert.equal(run(['analyze', sample, '--bogus']).status, 2);
  });

  it('exits 1 and says why when no file in the folder could be analysed', () => {
    writeFileSync(
      path.join(work, 'broken.json'),
      '{ "export-0195c7d0-b2ee-859c-9ebb-11a03658317d.ph-recording-chunk-summaries": { "steps": [ ',
    );
    writeFileSync(path.join(work, 'package.json'), '{ "name": "not-a-recording" }');
    const res = run(['analyze', work, '--quiet']);
    assert.equal(res.status, 1);
    assert.match(res.stdout, /broken\.json:1:\d+/);
    assert.match(res.stderr, /no journey could be analysed/);
    const [problems, notRecordings] = res.stdout.split(/^Not recordings: /m);
    assert.doesNotMatch(problems, /package\.json/, 'a JSON file that is not a recording is not a problem');
    assert.match(
      notRecordings ?? '',
      /^1 file read in full and skipped\n {2}package\.json {2}a JSON object \("name"\)/,
    );
  });
});
