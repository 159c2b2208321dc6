import assert from 'node:assert/strict';
import { ruleBasedAnalysis } from '../../../../../../src/core/journeys/analysis/rules/journeyRules';
import { ruleBasedCrossJourney } from '../../../../../../src/core/journeys/analysis/rules/crossJourneyPatterns';
import type { Indicator, Prediction } from '../../../../../../src/core/journeys/types';
import { CANCEL_STEPS, UPGRADE_STEPS, journeyReport, sampleReport } from '../../../../../support/aiTestReport';

const cancelPrediction: Prediction = {
  outcome: 'cancel',
  pUpgrade: 0.2,
  outOfFold: true,
  top: [{ feature: 'word: cancel', contribution: -1.2, direction: 'cancel' }],
};

describe('rule-based analysis (no AI)', () => {
  const cancel = journeyReport('cancellations/a.json', 'cancel', CANCEL_STEPS, cancelPrediction);
  const report = sampleReport([cancel]);
  const analysis = ruleBasedAnalysis(cancel, report);

  it('is labelled as rules and never claims redaction or a model', () => {
    assert.equal(analysis.source, 'rules');
    assert.equal(analysis.redacted, false);
    assert.equal(analysis.model, undefined);
  });

  it('cites only steps that exist in the journey', () => {
    const indexes = new Set(cancel.steps.map((s) => s.index));
    for (const p of [...analysis.keyMoments, ...analysis.frictionPoints, ...analysis.intentSignals]) {
      assert.ok(p.steps.length > 0, p.text);
      for (const n of p.steps) assert.ok(indexes.has(n), `${n} in ${p.text}`);
    }
  });

  it('finds the payment error and the support contact as friction, and the cancellation as intent', () => {
    const friction = analysis.frictionPoints.map((p) => p.text).join(' | ');
    assert.match(friction, /Errors or failures: "Received Payment Failure Notification"/);
    assert.match(friction, /Contacted support: "Opened Support Chat"/);
    assert.ok(analysis.intentSignals.some((p) => p.steps.includes(4) && /cancellation/i.test(p.text)));
  });

  it('takes the prediction from the classifier with its confidence and strongest signal', () => {
    assert.equal(analysis.prediction.outcome, 'cancel');
    assert.equal(analysis.prediction.confidence, 0.8);
    assert.match(analysis.prediction.rationale, /out-of-fold.*word: cancel/);
  });

  it('summarises metrics and the known outcome, and recommends fixing the cited error', () => {
    assert.match(analysis.summary, /^5 steps over 21 days in 1 recording\./);
    assert.match(analysis.summary, /Known outcome: cancel \(from its folder\)/);
    assert.ok(analysis.recommendations.product.some((r) => /Fix the errors at step 2/.test(r)));
    assert.ok(analysis.recommendations.user.some((r) => /win-back/.test(r)));
  });

  it('falls back to keyword rules with 0.5 confidence when no classifier is trained', () => {
    const open = journeyReport('open/x.json', 'open', CANCEL_STEPS, null);
    const a = ruleBasedAnalysis(open, sampleReport([open]));
    assert.equal(a.prediction.outcome, 'cancel');
    assert.equal(a.prediction.confidence, 0.5);
    assert.match(a.prediction.rationale, /No classifier/);
  });

  it('handles a journey with no steps', () => {
    const empty = journeyReport('e.json', 'open', [], null);
    const a = ruleBasedAnalysis(empty, sampleReport([empty]));
    assert.equal(a.keyMoments.length, 0);
    assert.match(a.summary, /^0 steps/);
  });
});

describe('rule-based cross-journey patterns', () => {
  const indicator: Indicator = {
    feature: 'word: retention',
    weight: -1,
    oddsRatio: 0.37,
    direction: 'cancel',
    examples: [],
  };
  const journeys = [
    journeyReport('c1.json', 'cancel', CANCEL_STEPS),
    journeyReport('c2.json', 'cancel', CANCEL_STEPS),
    journeyReport('c3.json', 'cancel', CANCEL_STEPS.slice(0, 2)),
    journeyReport('u1.json', 'upgrade', UPGRADE_STEPS),
    journeyReport('u2.json', 'upgrade', UPGRADE_STEPS),
    journeyReport('o1.json', 'open', CANCEL_STEPS),
  ];
  const report = sampleReport(journeys);
  report.model.indicators = [indicator];
  const cross = ruleBasedCrossJourney(report);

  it('reports patterns that precede cancellation with severity, count, share and example steps', () => {
    const cancelFlow = cross.patterns.find((p) => p.title === 'Entering the cancellation flow');
    assert.ok(cancelFlow, JSON.stringify(cross.patterns.map((p) => p.title)));
    assert.equal(cancelFlow.precedes, 'cancel');
    assert.equal(cancelFlow.severity, 'high');
    // c1, c2 and the open journey o1 show it: 3 of 6 journeys.
    assert.equal(cancelFlow.journeys, 3);
    assert.equal(cancelFlow.share, 0.5);
    assert.match(cancelFlow.description, /2 of 3 known cancellations \(67%\) and 0 of 2 known upgrades \(0%\)/);
    assert.deepEqual(
      cancelFlow.examples.map((e) => [e.journeyId, e.stepIndex]),
      [
        ['c1.json', 4],
        ['c2.json', 4],
      ],
    );
  });

  it('turns a classifier word indicator into a pattern with its odds ratio', () => {
    const p = cross.patterns.find((x) => x.title === 'Steps mentioning "retention"');
    assert.ok(p);
    assert.match(p.description, /odds ratio 0\.37/);
  });

  it('orders patterns by severity and labels them as rules', () => {
    assert.equal(cross.source, 'rules');
    const rank = { high: 3, medium: 2, low: 1 };
    for (let i = 1; i < cross.patterns.length; i++)
      assert.ok(rank[cross.patterns[i - 1].severity] >= rank[cross.patterns[i].severity]);
  });

  it('returns no patterns rather than inventing some when there is nothing to compare', () => {
    const lone = sampleReport([journeyReport('o.json', 'open', UPGRADE_STEPS)]);
    assert.deepEqual(ruleBasedCrossJourney(lone).patterns, []);
  });
});
