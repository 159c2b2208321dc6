import { strict as assert } from 'node:assert';
import { computeMetrics } from '../../../../src/core/journeys/metrics';
import type { Indicator, Journey } from '../../../../src/core/journeys/types';
import { buildProfiles, median, normaliseLabel } from '../../../../src/core/journeys/profiles';
import { buildJourney } from '../../../support/buildJourney';

function profiles(journeys: Journey[], indicators: Indicator[] = []) {
  return buildProfiles(journeys, journeys.map(computeMetrics), indicators);
}

const upgrade = (id: string, extra: { label: string; date?: string }[] = []) =>
  buildJourney(`upgrades/${id}.json`, 'upgrade', [
    { label: 'Viewed Pricing Page', status: 'non-converted', date: '2024-01-01' },
    { label: "Clicked 'Upgrade to Pro' Button", status: 'attempted_conversion', date: '2024-01-03' },
    ...extra.map((e) => ({ ...e, status: 'attempted_conversion' as const })),
    { label: 'Payment Successful', status: 'converted', date: '2024-01-03' },
  ]);

describe('outcome profiles (fingerprints)', () => {
  it('finds the most frequent status path and its share', () => {
    const journeys = [
      upgrade('a'),
      upgrade('b'),
      buildJourney('upgrades/c.json', 'upgrade', [{ label: 'Paid', status: 'converted' }]),
    ];
    const p = profiles(journeys).upgrade!;
    assert.equal(p.journeys, 3);
    assert.deepEqual(p.typicalPath, ['non-converted', 'attempted_conversion', 'converted']);
    assert.ok(Math.abs(p.typicalPathShare - 2 / 3) < 1e-12);
  });

  it('reports medians, leaving days to first attempt null when no journey attempted', () => {
    const journeys = [
      upgrade('a'),
      upgrade('b', [{ label: 'Completed Payment Form', date: '2024-01-03' }]),
      upgrade('c', [
        { label: 'x', date: '2024-01-03' },
        { label: 'y', date: '2024-01-03' },
      ]),
    ];
    const p = profiles(journeys).upgrade!;
    assert.equal(p.medians.steps, 4);
    assert.equal(p.medians.daysSpanned, 3);
    assert.equal(p.medians.daysToFirstAttempt, 2);
    const cancel = profiles([
      buildJourney('cancellations/z.json', 'cancel', [{ label: 'Cancelled', status: 'churned' }]),
    ]).cancel!;
    assert.equal(cancel.medians.daysToFirstAttempt, null);
  });

  it('counts common steps once per journey, matching labels that differ only in quotes, case and asides', () => {
    const journeys = [
      upgrade('a'),
      buildJourney('upgrades/b.json', 'upgrade', [
        { label: 'Clicked Upgrade to Pro Button (First Instance)' },
        { label: "clicked 'upgrade to pro' button" },
      ]),
    ];
    const p = profiles(journeys).upgrade!;
    const click = p.commonSteps.find((s) => normaliseLabel(s.label) === 'clicked upgrade to pro button');
    assert.ok(click, JSON.stringify(p.commonSteps));
    assert.equal(click.journeys, 2);
    assert.equal(click.share, 1);
    assert.equal(p.commonSteps[0], click);
  });

  it('gives each outcome the indicators that point toward it, strongest first', () => {
    const ind = (feature: string, weight: number): Indicator => ({
      feature,
      weight,
      oddsRatio: Math.exp(weight),
      direction: weight > 0 ? 'upgrade' : 'cancel',
      examples: [],
    });
    const p = profiles(
      [upgrade('a'), buildJourney('cancellations/c.json', 'cancel', [{ label: 'Cancelled', status: 'churned' }])],
      [ind('word: cancel', -1.2), ind('word: pricing', 0.4), ind('word: purchase', 0.9)],
    );
    assert.deepEqual(
      p.upgrade!.indicators.map((i) => i.feature),
      ['word: purchase', 'word: pricing'],
    );
    assert.deepEqual(
      p.cancel!.indicators.map((i) => i.feature),
      ['word: cancel'],
    );
  });

  it('has no profile for an outcome without journeys and leaves open journeys out', () => {
    const p = profiles([upgrade('a'), buildJourney('open/o.json', 'open', [{ label: 'Cancelled' }])]);
    assert.equal(p.cancel, null);
    assert.equal(p.upgrade!.journeys, 1);
  });

  it('takes the middle of an even count as the mean of the two middle values', () => {
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
