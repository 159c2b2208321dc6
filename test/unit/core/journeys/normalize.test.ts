import assert from 'node:assert/strict';
import type { Step } from '../../../../src/core/journeys/types';
import {
  normalizeDate,
  normalizeStatus,
  orderSteps,
  parseClock,
  readTime,
  type DraftStep,
} from '../../../../src/core/journeys/normalize';

describe('normalising clock strings', () => {
  it('reads MM:SS.S into milliseconds', () => {
    assert.equal(parseClock('00:42.5'), 42500);
    assert.equal(parseClock('35:19.8'), 2119800);
  });

  it('reads seconds that say 60 as the next minute ("02:60.0" is 180000 ms)', () => {
    assert.equal(parseClock('02:60.0'), 180000);
  });

  it('reads minutes past 59 ("60:33.0" is 3633000 ms) and H:MM:SS.S', () => {
    assert.equal(parseClock('60:33.0'), 3633000);
    assert.equal(parseClock('1:00:33.0'), 3633000);
  });

  it('rounds away float noise and rejects what is not a clock', () => {
    assert.equal(parseClock('02:48.2'), 168200);
    for (const bad of ['', '12', 'ab:cd', '1:2:3:4', undefined, 42, null])
      assert.equal(parseClock(bad), null, String(bad));
  });

  it('trusts the clock over *_ms_since beyond one second and flags the disagreement', () => {
    assert.deepEqual(readTime('45:10.0', 45100), { ms: 2710000, disagreed: true, from: 'clock' });
    assert.deepEqual(readTime('00:45.1', 45100), { ms: 45100, disagreed: false, from: 'clock' });
    assert.deepEqual(readTime('00:45.1', 46000), { ms: 45100, disagreed: false, from: 'clock' });
  });

  it('falls back to *_ms_since when the clock is missing, and to none when both are', () => {
    assert.deepEqual(readTime(undefined, 1234), { ms: 1234, disagreed: false, from: 'ms' });
    assert.deepEqual(readTime('soon', 'later'), { ms: 0, disagreed: false, from: 'none' });
  });
});

describe('normalising dates', () => {
  it('keeps an ISO day as it is', () => assert.deepEqual(normalizeDate('2024-09-15'), { date: '2024-09-15' }));

  it('uses the start of a range and keeps the range', () => {
    assert.deepEqual(normalizeDate('2024-09-15 to 2024-10-15'), {
      date: '2024-09-15',
      dateRange: '2024-09-15 to 2024-10-15',
    });
  });

  it('accepts slashes, single digits and a timestamp', () => {
    assert.deepEqual(normalizeDate('2024/9/5'), { date: '2024-09-05' });
    assert.deepEqual(normalizeDate('2024-09-05T10:22:31Z'), { date: '2024-09-05' });
  });

  it('rejects impossible days and non-dates', () => {
    for (const bad of ['2024-02-30', '2024-13-01', 'yesterday', '20240915', 20240915, undefined]) {
      assert.equal(normalizeDate(bad), null, String(bad));
    }
    assert.deepEqual(normalizeDate('2024-02-29'), { date: '2024-02-29' });
  });
});

describe('normalising statuses', () => {
  it('maps case, whitespace, hyphen and underscore variants onto the five known statuses', () => {
    const cases: [string, string][] = [
      ['non-converted', 'non-converted'],
      ['Non_Converted', 'non-converted'],
      [' NON CONVERTED ', 'non-converted'],
      ['attempted-conversion', 'attempted_conversion'],
      ['Attempted Conversion', 'attempted_conversion'],
      ['CONVERTED', 'converted'],
      ['conversion-at-risk', 'conversion_at_risk'],
      ['\tchurned\n', 'churned'],
    ];
    for (const [raw, want] of cases) assert.equal(normalizeStatus(raw), want, raw);
  });

  it('keeps anything else as unknown', () => {
    for (const raw of ['', 'pending', 'upgraded', 'convert']) assert.equal(normalizeStatus(raw), 'unknown', raw);
  });
});

describe('ordering steps', () => {
  function draft(label: string, sortDate: string, recordingRank: number, startMs: number): DraftStep {
    const step: Omit<Step, 'index'> = {
      label,
      status: 'non-converted',
      rawStatus: 'non-converted',
      date: sortDate,
      startMs,
      endMs: startMs,
      startClock: '',
      endClock: '',
      details: '',
      recordingId: `r${recordingRank}`,
      sourcePath: [],
    };
    return { step, sortDate, recordingRank };
  }

  it('orders by date, then recording, then time within the recording, and numbers from 1', () => {
    const steps = orderSteps([
      draft('late recording, early time', '2024-01-02', 1, 100),
      draft('next day', '2024-01-03', 0, 0),
      draft('first recording, late time', '2024-01-02', 0, 9000),
      draft('first recording, early time', '2024-01-02', 0, 500),
      draft('earliest day', '2024-01-01', 5, 99999),
    ]);
    assert.deepEqual(
      steps.map((s) => `${s.index} ${s.label}`),
      [
        '1 earliest day',
        '2 first recording, early time',
        '3 first recording, late time',
        '4 late recording, early time',
        '5 next day',
      ],
    );
  });

  it('keeps file order for exact ties', () => {
    const steps = orderSteps([
      draft('a', '2024-01-01', 0, 5),
      draft('b', '2024-01-01', 0, 5),
      draft('c', '2024-01-01', 0, 5),
    ]);
    assert.deepEqual(
      steps.map((s) => s.label),
      ['a', 'b', 'c'],
    );
  });
});
