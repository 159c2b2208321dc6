import { strict as assert } from 'node:assert';
import {
  predictOutcomes,
  evaluateWithStatus,
  fitModel,
  prepareModelData,
} from '../../../../src/core/journeys/crossValidation';
import { LogisticRegression } from '../../../../src/core/shared/ml/logisticRegression';
import {
  buildDesign,
  DEFAULT_FEATURE_SETTINGS,
  fitVocabulary,
  prepareJourneys,
  termPresent,
} from '../../../../src/core/journeys/features';
import type { Journey, Status } from '../../../../src/core/journeys/types';
import { withDefaults, type AnalysisOptions } from '../../../../src/core/journeys/options';
import { seededRandom } from '../../../../src/core/shared/random';
import { buildJourney, type StepSpec } from '../../../support/buildJourney';

const options = withDefaults();

function classify(journeys: Journey[], opts: AnalysisOptions = options) {
  return predictOutcomes(journeys, opts);
}

const common: StepSpec[] = [
  { label: 'Logged In', details: 'User signed in with email and opened the dashboard.' },
  { label: 'Opened Project', details: 'User opened the Q3 roadmap project and scrolled through it.' },
];

/** Upgrades pay, cancellations leave; the words differ, the shared steps do not. */
function separable(count: number): Journey[] {
  return Array.from({ length: count }, (_, i) => {
    const upgrade = i % 2 === 0;
    const tail: StepSpec[] = upgrade
      ? [
          { label: 'Compared Plans on Pricing Page', details: 'User compared Pro and Team plans.' },
          { label: "Clicked 'Complete Purchase'", details: 'Checkout succeeded with a card.' },
        ]
      : [
          { label: 'Selected Cancellation Reason', details: "User picked 'Too expensive'." },
          { label: 'Declined Retention Offer', details: 'User kept cancelling.' },
        ];
    return buildJourney(`${upgrade ? 'upgrades' : 'cancellations'}/j${i}.json`, upgrade ? 'upgrade' : 'cancel', [
      ...common,
      ...tail,
    ]);
  });
}

describe('classifier: logistic regression evaluated out-of-fold', () => {
  it('separates clearly separable journeys and predicts them confidently', () => {
    const result = classify(separable(40));
    const e = result.model.evaluation!;
    assert.equal(e.method, 'stratified-k-fold');
    assert.equal(e.accuracy, 1);
    assert.equal(e.auc, 1);
    assert.ok(e.brier < 0.05, `brier ${e.brier}`);
    for (const p of result.predictions) assert.ok(p && Math.abs(p.pUpgrade - 0.5) > 0.3);
  });

  it('gives calibrated probabilities: about 0.8 where 80% of such journeys upgraded', () => {
    const random = seededRandom(5);
    const journeys = Array.from({ length: 400 }, (_, i) => {
      const sawPricing = i % 2 === 0;
      const upgrade = random() < (sawPricing ? 0.8 : 0.2);
      const steps: StepSpec[] = [...common, { label: sawPricing ? 'Viewed Pricing Page' : 'Edited Settings' }];
      return buildJourney(
        `${upgrade ? 'upgrades' : 'cancellations'}/j${i}.json`,
        upgrade ? 'upgrade' : 'cancel',
        steps,
      );
    });
    const { predictions } = classify(journeys);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const upgradedShare = (sawPricing: boolean) =>
      mean(journeys.flatMap((j, i) => ((i % 2 === 0) === sawPricing ? [j.outcome === 'upgrade' ? 1 : 0] : [])));
    const meanP = (sawPricing: boolean) =>
      mean(predictions.flatMap((p, i) => ((i % 2 === 0) === sawPricing ? [p!.pUpgrade] : [])));
    assert.ok(Math.abs(meanP(true) - upgradedShare(true)) < 0.05, `${meanP(true)} vs ${upgradedShare(true)}`);
    assert.ok(Math.abs(meanP(false) - upgradedShare(false)) < 0.05, `${meanP(false)} vs ${upgradedShare(false)}`);
  });

  it('never predicts a labelled journey with a model that saw it: memorised twins score chance out-of-fold', () => {
    // Pairs of journeys share a unique word and a random outcome; nothing else differs. A model that saw a journey
    // can memorise its pair word; a model that did not cannot (the word occurs once in its training rows).
    const random = seededRandom(9);
    const journeys: Journey[] = [];
    for (let pair = 0; pair < 40; pair++) {
      const upgrade = random() < 0.5;
      const word = `pairword${String.fromCharCode(97 + (pair % 26))}${String.fromCharCode(97 + Math.floor(pair / 26))}`;
      for (const twin of [0, 1]) {
        journeys.push(
          buildJourney(
            `${upgrade ? 'upgrades' : 'cancellations'}/p${pair}-${twin}.json`,
            upgrade ? 'upgrade' : 'cancel',
            [...common, { label: 'Viewed Report', details: `The report was named ${word}.` }],
          ),
        );
      }
    }
    const result = classify(journeys);
    assert.ok(result.predictions.every((p) => p?.outOfFold === true));
    const e = result.model.evaluation!;
    assert.ok(e.accuracy < 0.7, `out-of-fold accuracy ${e.accuracy} should be near chance`);

    // The same features, scored by a model trained on all of them, look near perfect: this is what a leak would report.
    const data = prepareModelData(journeys);
    const all = fitModel(data, data.labelled, data.upgrade, DEFAULT_FEATURE_SETTINGS, {
      ...options.classifier,
      l2: 0.01,
      maxIterations: 400,
    });
    const p = all.trained.predict(buildDesign(data.prepared, data.labelled, all.vocab));
    const inSample = p.filter((x, i) => x >= 0.5 === data.upgrade[i]).length / p.length;
    assert.ok(inSample > 0.95, `in-sample accuracy ${inSample}`);
  });

  it('ignores the status by default: when status is the only signal the status-blind model is at chance and the leaking one is right', () => {
    const journeys = Array.from({ length: 40 }, (_, i) => {
      const upgrade = i % 2 === 0;
      const last: Status = upgrade ? 'converted' : 'churned';
      return buildJourney(`${upgrade ? 'upgrades' : 'cancellations'}/s${i}.json`, upgrade ? 'upgrade' : 'cancel', [
        ...common,
        { label: 'Opened Billing', details: 'User looked at the billing page.', status: 'conversion_at_risk' },
        { label: 'Closed Tab', details: 'User closed the tab.', status: last },
      ]);
    });
    const blind = classify(journeys).model;
    assert.equal(blind.statusBlind, true);
    assert.ok(blind.evaluation!.accuracy <= 0.6, `status-blind accuracy ${blind.evaluation!.accuracy}`);
    assert.ok(Math.abs(blind.evaluation!.auc - 0.5) < 0.1);
    assert.equal(blind.evaluation!.withStatus.accuracy, 1);
    assert.equal(blind.evaluation!.withStatus.leaking, true);

    const seeing = classify(journeys, withDefaults({ useStatus: true })).model;
    assert.equal(seeing.statusBlind, false);
    assert.equal(seeing.evaluation!.accuracy, 1);
  });

  it('gives the same with-status figures when that evaluation runs separately (for a second worker)', () => {
    const journeys = separable(40).map((j, i) => ({
      ...j,
      steps: j.steps.map((st) => ({ ...st, status: (i % 3 ? 'converted' : 'churned') as Status })),
    }));
    const together = classify(journeys).model.evaluation!;
    const apart = evaluateWithStatus(journeys, options)!;
    assert.deepEqual(apart, together.withStatus);
    const merged = predictOutcomes(journeys, options, { withStatus: apart }).model.evaluation!;
    assert.deepEqual(merged, together);
  });

  it('uses leave-one-out for 20 labelled journeys and stratified k-fold for 30', () => {
    assert.equal(classify(separable(20)).model.evaluation!.method, 'leave-one-out');
    assert.equal(classify(separable(20)).model.evaluation!.folds, 20);
    const k = classify(separable(30)).model.evaluation!;
    assert.equal(k.method, 'stratified-k-fold');
    assert.equal(k.folds, 5);
    assert.equal(k.n, 30);
  });

  it('predicts open journeys with the model trained on all labelled ones, marked not out-of-fold', () => {
    const journeys = [
      ...separable(20),
      buildJourney('open/a.json', 'open', [
        ...common,
        { label: 'Compared Plans on Pricing Page', details: 'User compared Pro and Team plans.' },
      ]),
      buildJourney('open/b.json', 'open', [
        ...common,
        { label: 'Selected Cancellation Reason', details: "User picked 'Too expensive'." },
      ]),
    ];
    const { predictions, model } = classify(journeys);
    assert.equal(model.trainedOn, 20);
    const [a, b] = predictions.slice(20);
    assert.equal(a!.outOfFold, false);
    assert.equal(a!.outcome, 'upgrade');
    assert.equal(b!.outcome, 'cancel');
    assert.equal(a!.top.length, 3);
    assert.ok(a!.top.every((t) => Math.sign(t.contribution) === (t.direction === 'upgrade' ? 1 : -1)));
  });

  it('refuses to evaluate with fewer than 2 labelled journeys of an outcome, and says why', () => {
    const journeys = separable(6).filter((j, i) => j.outcome === 'upgrade' || i === 1);
    const { predictions, model } = classify(journeys);
    assert.equal(model.evaluation, null);
    assert.match(model.note!, /at least 2 labelled journeys of each outcome; found 3 upgrade and 1 cancel/);
    assert.ok(predictions.every((p) => p === null));
  });

  it('reports indicators with odds ratios and example steps from journeys of their outcome', () => {
    const { model } = classify(separable(30));
    assert.ok(model.indicators.length > 0);
    const cancelWord = model.indicators.find((i) => i.feature === 'word: cancellation');
    assert.ok(cancelWord, JSON.stringify(model.indicators.map((i) => i.feature)));
    assert.equal(cancelWord.direction, 'cancel');
    assert.ok(cancelWord.oddsRatio < 1);
    assert.ok(Math.abs(cancelWord.oddsRatio - Math.exp(cancelWord.weight)) < 1e-12);
    assert.equal(cancelWord.examples.length, 3);
    for (const ex of cancelWord.examples) {
      assert.match(ex.journeyId, /^cancellations\//);
      assert.equal(ex.label, 'Selected Cancellation Reason');
      assert.equal(ex.stepIndex, 3);
    }
  });

  it('reports an early-warning curve that ends at the full accuracy and is lower when only the shared first steps are seen', () => {
    const e = classify(separable(40)).model.evaluation!;
    assert.deepEqual(
      e.earlyWarning.map((p) => p.fraction),
      [0.25, 0.5, 0.75, 1],
    );
    assert.equal(e.earlyWarning[3].accuracy, e.accuracy);
    // The first half of every journey is the same two steps: nothing to tell outcomes apart yet.
    assert.ok(e.earlyWarning[1].accuracy <= 0.6, `half-way accuracy ${e.earlyWarning[1].accuracy}`);
  });
});

describe('features: fitted on the training rows, computable on a prefix', () => {
  const journeys = [
    buildJourney('upgrades/a.json', 'upgrade', [
      { label: 'Opened Pricing' },
      { label: 'Paid Invoice' },
      { label: 'Paid Again' },
      { label: 'Exported Report' },
    ]),
    buildJourney('upgrades/b.json', 'upgrade', [{ label: 'Opened Pricing' }, { label: 'Paid Invoice' }]),
    buildJourney('cancellations/c.json', 'cancel', [{ label: 'Opened Pricing' }, { label: 'Exported Report' }]),
    buildJourney('cancellations/d.json', 'cancel', [{ label: 'Opened Pricing' }, { label: 'Asked Support' }]),
  ];

  it('chooses the vocabulary from training rows only', () => {
    const { space, prepared } = prepareJourneys(journeys);
    const vocab = fitVocabulary(space, prepared, [0, 2, 3], { ...DEFAULT_FEATURE_SETTINGS, minDf: 2 });
    // 'paid' is in rows 0 and 1 but only once among the training rows; 'pricing' is in every row (constant).
    assert.ok(vocab.names.includes('word: exported'));
    assert.ok(!vocab.names.includes('word: paid'));
    assert.ok(!vocab.names.includes('word: pricing'));
  });

  it('sees only the terms of the first quarter of steps when cut to 25%', () => {
    const { space, prepared } = prepareJourneys(journeys);
    const vocab = fitVocabulary(space, prepared, [0, 1, 2], { ...DEFAULT_FEATURE_SETTINGS, minDf: 1 });
    const col = vocab.names.indexOf('word: exported');
    const full = buildDesign(prepared, [0], vocab, 1);
    const quarter = buildDesign(prepared, [0], vocab, 0.25);
    assert.ok(termPresent(full, 0, col));
    assert.ok(!termPresent(quarter, 0, col));
    assert.equal(quarter.numeric[0], Math.log1p(1)); // one step seen
  });

  it('stores absence for terms in most journeys without changing the fitted weights or probabilities', () => {
    const many = separable(40).map((j, i) => (i % 5 === 0 ? { ...j, steps: j.steps.slice(1) } : j));
    const { space, prepared } = prepareJourneys(many);
    const rows = many.map((_, i) => i);
    const upgrade = many.map((j) => j.outcome === 'upgrade');
    const vocab = fitVocabulary(space, prepared, rows, DEFAULT_FEATURE_SETTINGS);
    assert.ok(
      vocab.flipped.some((f) => f === 1),
      'some terms are in most journeys',
    );
    const plain = { ...vocab, flipped: new Uint8Array(vocab.flipped.length) };
    const settings = { l2: 1 };
    const a = new LogisticRegression(settings).train(buildDesign(prepared, rows, vocab), upgrade);
    const b = new LogisticRegression(settings).train(buildDesign(prepared, rows, plain), upgrade);
    a.weights.forEach((w, j) => assert.ok(Math.abs(w - b.weights[j]) < 1e-6, `weight ${j}: ${w} vs ${b.weights[j]}`));
    const pa = a.predict(buildDesign(prepared, rows, vocab, 0.5));
    const pb = b.predict(buildDesign(prepared, rows, plain, 0.5));
    pa.forEach((p, i) => assert.ok(Math.abs(p - pb[i]) < 1e-6));
  });

  it('leaves status transitions out of the vocabulary unless asked', () => {
    const withStatus = journeys.map((j) => ({
      ...j,
      steps: j.steps.map((s, i) => ({ ...s, status: (i ? 'churned' : 'converted') as Status })),
    }));
    const { space, prepared } = prepareJourneys(withStatus);
    const blind = fitVocabulary(space, prepared, [0, 1, 2], { ...DEFAULT_FEATURE_SETTINGS, minDf: 1 });
    const seeing = fitVocabulary(space, prepared, [0, 1, 2], {
      ...DEFAULT_FEATURE_SETTINGS,
      minDf: 1,
      useStatus: true,
    });
    assert.ok(!blind.names.some((n) => n.startsWith('status')));
    assert.ok(seeing.names.includes('status: churned (share)'));
  });
});
