import assert from 'node:assert/strict';
import {
  journeyRunsAhead,
  reportJsonChunks,
  stepsJsonText,
  type MemberRun,
} from '../../../../src/core/journeys/reportJson';
import { reportSummary, SUMMARY_VERSION } from '../../../../src/core/journeys/reportSummary';
import type { Journey, Report, Step } from '../../../../src/core/journeys/types';
import { reportFixture as fixture } from '../../../support/reportFixtures';

describe('compact report summary and the streamed full report', () => {
  for (const name of ['small.json', 'hostile.json']) {
    it(`streams exactly the bytes of JSON.stringify(report, null, 2) in one piece per journey (${name})`, () => {
      const report = fixture(name);
      const pieces = [...reportJsonChunks(report)];
      assert.equal(pieces.join(''), JSON.stringify(report, null, 2));
      assert.ok(pieces.length >= report.journeys.length, 'no piece holds two journeys');
    });
  }

  const runsOf = (report: Report, bytes = false) =>
    new Map<readonly Step[], MemberRun[]>(
      report.journeys.map((j) => [
        j.steps,
        journeyRunsAhead(j as unknown as Journey, j).map((r) =>
          bytes ? { ...r, text: new TextEncoder().encode(r.text as string) } : r,
        ),
      ]),
    );
  const joined = (pieces: (string | Uint8Array)[]) =>
    Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');

  for (const name of ['small.json', 'hostile.json']) {
    it(`streams the same bytes with journeys serialised ahead (where they were parsed), as text or bytes (${name})`, () => {
      const report = fixture(name);
      for (const bytes of [false, true]) {
        const ahead = runsOf(report, bytes);
        // One journey left for the writer to serialise itself, as when its runs are missing.
        ahead.delete(report.journeys[0].steps);
        const pieces = [...reportJsonChunks(report, (steps) => ahead.get(steps))];
        assert.equal(
          pieces.some((p) => p instanceof Uint8Array),
          bytes,
        );
        assert.equal(joined(pieces), JSON.stringify(report, null, 2));
      }
    });
  }

  it('uses a run only where the journey holds the very same values in that order: stale or moved runs change nothing', () => {
    const report = fixture('small.json');
    const ahead = runsOf(report);
    const [a, b, c, d] = report.journeys;
    // Equal but not the same metrics object, as after an edit replaced it; a renamed journey; a member gone.
    const edited = [
      { ...a, metrics: structuredClone(a.metrics) },
      { ...b, name: `${b.name} (renamed)` },
      { ...c, warnings: undefined, analysis: undefined },
      // contentHash moved to the front: the body run no longer lines up.
      Object.fromEntries([['contentHash', d.contentHash], ...Object.entries(d)]),
    ];
    const changed = { ...report, journeys: [...edited, ...report.journeys.slice(4)] } as unknown as Report;
    assert.equal(joined([...reportJsonChunks(changed, (steps) => ahead.get(steps))]), JSON.stringify(changed, null, 2));
  });

  it('serialises steps ahead as JSON.stringify indents them at their depth, hostile text and no steps alike', () => {
    for (const name of ['small.json', 'hostile.json']) {
      for (const j of fixture(name).journeys) {
        const expected = JSON.stringify(j.steps, null, 2).replaceAll('\n', '\n      ');
        assert.equal(stepsJsonText(j.steps), expected, j.id);
      }
    }
    assert.equal(stepsJsonText([]), '[]');
  });

  it('streams the same bytes with runs ahead for a journey with no steps and no members left', () => {
    const report = fixture('small.json');
    const j = { ...report.journeys[0], steps: [], analysis: undefined, warnings: undefined };
    const one = { ...report, journeys: [j, { steps: j.steps }] } as unknown as Report;
    const runs = journeyRunsAhead(j as unknown as Journey, j);
    assert.equal(joined([...reportJsonChunks(one, () => runs)]), JSON.stringify(one, null, 2));
  });

  it('streams the same bytes for no journeys, absent optional fields and undefined members', () => {
    const report = fixture('small.json');
    const odd = { ...report, journeys: [], skipped: undefined, aiUsage: undefined } as Report;
    assert.equal([...reportJsonChunks(odd)].join(''), JSON.stringify(odd, null, 2));
    const one = { ...report, journeys: [{ ...report.journeys[0], analysis: undefined }] };
    assert.equal([...reportJsonChunks(one)].join(''), JSON.stringify(one, null, 2));
  });

  it('keeps every journey with outcome, prediction, metrics and warnings, and drops steps, timelines and analyses', () => {
    const report = fixture('small.json');
    const summary = reportSummary(report);
    assert.equal(summary.summaryVersion, SUMMARY_VERSION);
    assert.equal(summary.schemaVersion, report.schemaVersion);
    assert.deepEqual(
      summary.journeys.map((j) => j.id),
      report.journeys.map((j) => j.id),
    );
    for (const [i, j] of summary.journeys.entries()) {
      const full = report.journeys[i];
      for (const gone of ['steps', 'timeline', 'analysis']) assert.ok(!(gone in j), `${j.id} still has ${gone}`);
      assert.equal(j.outcome, full.outcome);
      assert.deepEqual(j.prediction, full.prediction);
      assert.deepEqual(j.metrics, full.metrics);
      assert.deepEqual(j.warnings, full.warnings);
      assert.equal(j.analysisSource, full.analysis?.source);
      // The list sorts by date without the steps: the last dated step's date travels in the summary.
      assert.equal(j.lastDate, [...full.steps].reverse().find((s) => s.date)?.date ?? '');
    }
    assert.deepEqual(summary.model, report.model);
    assert.deepEqual(summary.profiles, report.profiles);
    assert.deepEqual(summary.crossJourney, report.crossJourney);
    assert.deepEqual(summary.problems, report.problems);
    const [full, compact] = [JSON.stringify(report).length, JSON.stringify(summary).length];
    assert.ok(compact < full / 2, `summary ${compact} chars against ${full}`);
  });
});
