import assert from 'node:assert/strict';
import type { JourneyReport, Report } from '../../../src/core/journeys/types';
import { sliceReport } from '../../../src/dashboard/reportSlices';

function report(n: number, stepsOf: (i: number) => number = () => 1): Report {
  const journeys = Array.from(
    { length: n },
    (_, i) => ({ id: `j${i}`, steps: new Array(stepsOf(i)) }) as JourneyReport,
  );
  return { journeys, root: '/r', model: {}, profiles: {}, problems: [] } as unknown as Report;
}

describe('posting a large report to the dashboard in slices', () => {
  it('sends a small report whole', () => {
    const r = report(10);
    const { head, rest } = sliceReport(r, 300);
    assert.equal(head, r);
    assert.deepEqual(rest, []);
  });

  it('splits a large report into a head and slices of at most so many steps that together hold every journey once, in order', () => {
    const r = report(1000);
    const { head, rest } = sliceReport(r, 300);
    assert.equal(head.journeys.length, 300);
    assert.equal(head.model, r.model, 'the head carries the model, profiles and problems');
    assert.deepEqual(
      rest.map((s) => s.length),
      [300, 300, 100],
    );
    assert.deepEqual(
      [...head.journeys, ...rest.flat()].map((j) => j.id),
      r.journeys.map((j) => j.id),
    );
    assert.equal(r.journeys.length, 1000, 'the report itself is not changed');
  });

  it('cuts by steps, not journeys: long journeys get slices of their own', () => {
    // 10 steps each, except journey 3 with 500 steps.
    const r = report(8, (i) => (i === 3 ? 500 : 10));
    const { head, rest } = sliceReport(r, 100);
    assert.deepEqual(
      [head.journeys, ...rest].map((s) => s.map((j) => j.id)),
      [['j0', 'j1', 'j2'], ['j3'], ['j4', 'j5', 'j6', 'j7']],
    );
  });
});
