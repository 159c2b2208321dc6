import * as assert from 'node:assert/strict';
import type { JourneyReport, Report } from '../../../src/core/journeys/types';
import { diffJourneys, fingerprints } from '../../../src/host/reportDiff';

function journey(id: string, over: Partial<JourneyReport> = {}): JourneyReport {
  return {
    id,
    file: `/r/${id}`,
    name: id,
    outcome: 'open',
    outcomeSource: 'none',
    prediction: { outcome: 'upgrade', pUpgrade: 0.7, outOfFold: false, top: [] },
    steps: [],
    metrics: {} as JourneyReport['metrics'],
    timeline: '',
    warnings: [],
    contentHash: `h-${id}`,
    analysis: {
      source: 'rules',
      summary: `summary ${id}`,
      keyMoments: [],
      frictionPoints: [],
      intentSignals: [],
      prediction: { outcome: 'upgrade', confidence: 0.5, rationale: '' },
      recommendations: { product: [], user: [] },
      redacted: false,
      generatedAt: 'a',
    },
    ...over,
  };
}

function report(journeys: JourneyReport[]): Report {
  return {
    schemaVersion: 1,
    generatedAt: '',
    root: '/r',
    journeys,
    model: {} as Report['model'],
    profiles: { upgrade: null, cancel: null },
    problems: [],
  };
}

describe('dashboard updates in large folders (host report diff)', () => {
  const before = report([journey('a'), journey('b'), journey('c')]);

  it('finds nothing to send when a rebuild only renewed the rule-based analyses and moved predictions by less than half a point', () => {
    const after = report([
      journey('a', { analysis: { ...before.journeys[0]!.analysis!, generatedAt: 'b' } }),
      journey('b', { prediction: { outcome: 'upgrade', pUpgrade: 0.701, outOfFold: false, top: [] } }),
      journey('c'),
    ]);
    assert.deepEqual(diffJourneys(fingerprints(before), after), { changed: [], removed: [] });
  });

  it('sends an edited file, a new file, a flipped prediction and an AI analysis, and removes a deleted file', () => {
    const after = report([
      journey('a', { contentHash: 'edited' }),
      journey('b', { prediction: { outcome: 'cancel', pUpgrade: 0.3, outOfFold: false, top: [] } }),
      journey('d'),
      journey('e', { analysis: { ...before.journeys[0]!.analysis!, source: 'ai', cacheKey: 'k' } }),
    ]);
    const beforeWithE = fingerprints(report([...before.journeys, journey('e')]));
    const { changed, removed } = diffJourneys(beforeWithE, after);
    assert.deepEqual(
      changed.map((j) => j.id),
      ['a', 'b', 'd', 'e'],
    );
    assert.deepEqual(removed, ['c']);
  });
});
