import { strict as assert } from 'node:assert';
import { computeMetrics } from '../../../../src/core/journeys/metrics';
import { buildJourney } from '../../../support/buildJourney';

describe('journey metrics', () => {
  const cancel = buildJourney('cancellations/c.json', 'cancel', [
    {
      label: 'Used Pro Features',
      status: 'converted',
      date: '2024-06-01',
      recordingId: 'r1',
      startMs: 5_000,
      endMs: 65_000,
    },
    {
      label: 'Received Payment Failure Notification',
      status: 'conversion_at_risk',
      date: '2024-06-01',
      recordingId: 'r1',
      startMs: 70_000,
      endMs: 75_000,
    },
    {
      label: 'Opened Support Chat',
      status: 'conversion_at_risk',
      date: '2024-06-03',
      recordingId: 'r2',
      startMs: 1_000,
      endMs: 2_000,
    },
    {
      label: 'Clicked Upgrade to Annual',
      status: 'attempted_conversion',
      date: '2024-06-03',
      recordingId: 'r2',
      startMs: 3_000,
      endMs: 3_000,
    },
    {
      label: 'Selected Cancellation Reason',
      status: 'conversion_at_risk',
      date: '2024-06-05',
      recordingId: 'r3',
      startMs: 0,
      endMs: 10_000,
    },
    {
      label: 'Declined Retention Offer',
      status: 'churned',
      date: '2024-06-05',
      recordingId: 'r3',
      startMs: 12_000,
      endMs: 12_000,
    },
    {
      label: 'Cancellation Confirmed',
      status: 'churned',
      date: '2024-06-05',
      recordingId: 'r3',
      startMs: 13_000,
      endMs: 14_000,
    },
  ]);
  const m = computeMetrics(cancel);

  it('counts steps, recordings and inclusive calendar days', () => {
    assert.equal(m.steps, 7);
    assert.equal(m.recordings, 3);
    assert.equal(m.daysSpanned, 5);
  });

  it('measures active time per recording because clocks restart at zero in each', () => {
    // r1: 5s..75s = 70s, r2: 1s..3s = 2s, r3: 0..14s = 14s
    assert.equal(m.activeTimeMs, 86_000);
  });

  it('counts and shares statuses, keeping unknown as its own bucket', () => {
    assert.equal(m.statusCounts['conversion_at_risk'], 3);
    assert.equal(m.statusCounts.churned, 2);
    assert.equal(m.statusCounts.unknown, 0);
    assert.ok(Math.abs(m.statusShares.churned - 2 / 7) < 1e-12);
  });

  it('times the first attempted conversion in days and in steps before it', () => {
    assert.equal(m.daysToFirstAttempt, 2);
    assert.equal(m.stepsToFirstAttempt, 3);
    assert.equal(m.daysToOutcome, 4);
  });

  it('finds friction by keyword rules on label and details', () => {
    assert.deepEqual(m.friction, { errors: 1, supportContacts: 1, cancellationSteps: 2, retentionSteps: 1 });
  });

  it('collapses repeated statuses into the status path', () => {
    assert.deepEqual(m.statusPath, [
      'converted',
      'conversion_at_risk',
      'attempted_conversion',
      'conversion_at_risk',
      'churned',
    ]);
  });

  it('does not count a discounted price or an offered feature as a retention step', () => {
    const j = buildJourney('upgrades/u.json', 'upgrade', [
      {
        label: 'Toggled Annual Pricing',
        details: 'The page updated to show the discounted annual rates. The Pro plan offers unlimited exports.',
      },
    ]);
    assert.equal(computeMetrics(j).friction.retentionSteps, 0);
  });

  it('reads an error from the details when the label hides it', () => {
    const j = buildJourney('open/o.json', 'open', [
      {
        label: "Clicked 'Complete Purchase'",
        details: "The user received an error message: 'Your card was declined'.",
      },
    ]);
    const mm = computeMetrics(j);
    assert.equal(mm.friction.errors, 1);
    assert.equal(mm.daysToOutcome, null);
    assert.equal(mm.daysToFirstAttempt, null);
    assert.equal(mm.stepsToFirstAttempt, null);
  });

  it('reports zero days and an empty path for a journey without steps', () => {
    const mm = computeMetrics(buildJourney('open/empty.json', 'open', [], 2));
    assert.equal(mm.steps, 0);
    assert.equal(mm.recordings, 2);
    assert.equal(mm.daysSpanned, 0);
    assert.equal(mm.activeTimeMs, 0);
    assert.deepEqual(mm.statusPath, []);
    assert.equal(mm.statusShares.converted, 0);
  });
});
