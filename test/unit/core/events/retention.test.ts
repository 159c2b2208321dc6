import assert from 'node:assert/strict';
import path from 'node:path';
import type { SqlEngine } from '../../../../src/core/events/engine';
import { computeRetention } from '../../../../src/core/events/queries/retention';
import { openDuckDb } from '../../../../src/node/events/duckdbEngine';
import {
  createEvents,
  createUsers,
  datasetInfo,
  hasRealEvents,
  loadPageSequences,
  realEventsDir,
  type EventRow,
} from './support/canonicalTables';

function at(user: string, ts: string): EventRow {
  return { user_id: user, session_id: `${user}@${ts}`, ts, event: 'view' };
}

describe('retention', () => {
  let engine: SqlEngine;
  beforeEach(async () => {
    engine = await openDuckDb();
  });
  afterEach(async () => {
    await engine.close();
  });

  it('monthly first-event cohorts: shares per month after, with a gap month counted as not retained', async () => {
    await createEvents(engine, [
      // January cohort: a back in Feb and Apr (not Mar), b never back, c back in Mar
      at('a', '2025-01-05T10:00:00Z'),
      at('a', '2025-02-10T10:00:00Z'),
      at('a', '2025-04-01T00:00:00Z'),
      at('b', '2025-01-31T23:59:59Z'),
      at('c', '2025-01-15T00:00:00Z'),
      at('c', '2025-01-20T00:00:00Z'),
      at('c', '2025-03-31T23:59:59Z'),
      // February cohort: d, back in April
      at('d', '2025-02-01T00:00:00Z'),
      at('d', '2025-04-30T12:00:00Z'),
    ]);
    const { report, note } = await computeRetention(engine, await datasetInfo(engine));
    assert.equal(note, undefined);
    assert.deepEqual(report, {
      period: 'month',
      cohortBy: 'first-event',
      cohorts: [
        // every cohort runs to April, the last month with an event
        { cohort: '2025-01', size: 3, retained: [1, 1 / 3, 1 / 3, 1 / 3] },
        { cohort: '2025-02', size: 1, retained: [1, 0, 1] },
      ],
    });
  });

  it('weeks start on Monday (ISO): Sunday and the next Monday are different weeks, labelled by the Monday', async () => {
    await createEvents(engine, [
      // 2025-01-05 is a Sunday, 2025-01-06 a Monday
      at('a', '2025-01-05T23:59:59Z'),
      at('a', '2025-01-06T00:00:00Z'),
      at('b', '2025-01-06T08:00:00Z'),
      at('b', '2025-01-12T23:59:59Z'),
      at('b', '2025-01-13T00:00:00Z'),
    ]);
    const { report } = await computeRetention(engine, await datasetInfo(engine), { period: 'week' });
    assert.deepEqual(report?.cohorts, [
      { cohort: '2024-12-30', size: 1, retained: [1, 1, 0] },
      { cohort: '2025-01-06', size: 1, retained: [1, 1] },
    ]);
  });

  it('days are UTC calendar days: 23:59:59 and 00:00:00 a second later are day 0 and day 1', async () => {
    await createEvents(engine, [
      at('a', '2025-03-01T23:59:59Z'),
      at('a', '2025-03-02T00:00:00Z'),
      at('a', '2025-03-04T12:00:00Z'),
      at('b', '2025-03-02T05:00:00Z'),
    ]);
    const { report } = await computeRetention(engine, await datasetInfo(engine), { period: 'day' });
    assert.deepEqual(report?.cohorts, [
      { cohort: '2025-03-01', size: 1, retained: [1, 1, 0, 1] },
      { cohort: '2025-03-02', size: 1, retained: [1, 0, 0] },
    ]);
  });

  it('month boundaries: Jan 31 23:59:59 is January, Feb 1 00:00 is February; December to January crosses the year', async () => {
    await createEvents(engine, [
      at('a', '2024-12-31T23:59:59Z'),
      at('a', '2025-01-01T00:00:00Z'),
      at('a', '2025-02-01T00:00:00Z'),
    ]);
    const { report } = await computeRetention(engine, await datasetInfo(engine), { period: 'month' });
    assert.deepEqual(report?.cohorts, [{ cohort: '2024-12', size: 1, retained: [1, 1, 1] }]);
  });

  it('registration cohorts count users who never came, ignore activity before registration, and say who was left out', async () => {
    await createEvents(engine, [
      at('a', '2025-01-10T00:00:00Z'),
      at('a', '2025-03-01T00:00:00Z'),
      // b was active in December, before registering in January: that does not count
      at('b', '2024-12-20T00:00:00Z'),
      at('b', '2025-02-02T00:00:00Z'),
      at('orphan', '2025-01-02T00:00:00Z'),
      at('nodate', '2025-01-02T00:00:00Z'),
    ]);
    await createUsers(engine, [
      { user_id: 'a', registration_date: '2025-01-03' },
      { user_id: 'b', registration_date: '2025-01-20' },
      { user_id: 'never', registration_date: '2025-01-25' },
      { user_id: 'late', registration_date: '2025-02-14' },
      { user_id: 'nodate', registration_date: 'soon' },
    ]);
    const { report, note } = await computeRetention(engine, await datasetInfo(engine), {
      cohortBy: 'registration_date',
    });
    assert.equal(report?.cohortBy, 'registration_date');
    assert.deepEqual(report?.cohorts, [
      // a, b, never: only a is active in January
      { cohort: '2025-01', size: 3, retained: [1 / 3, 1 / 3, 1 / 3] },
      { cohort: '2025-02', size: 1, retained: [0, 0] },
    ]);
    assert.equal(
      note,
      '1 user(s) without a registration_date date left out; 1 user(s) with events but not in users left out',
    );
  });

  it('an unknown cohort column gives no retention and names the columns there are', async () => {
    await createEvents(engine, [at('a', '2025-01-10T00:00:00Z')]);
    await createUsers(engine, [{ user_id: 'a', signup: '2025-01-01' }]);
    const { report, note } = await computeRetention(engine, await datasetInfo(engine), {
      cohortBy: 'registration_date',
    });
    assert.equal(report, null);
    assert.match(note ?? '', /users has no such column .*users has signup/);
  });

  it('page sequences (no time) have no retention, with a note saying so', async function () {
    if (!hasRealEvents()) this.skip();
    await loadPageSequences(engine, path.join(realEventsDir(), 'user_journey_raw.sample.csv'));
    const { report, note } = await computeRetention(engine, await datasetInfo(engine));
    assert.equal(report, null);
    assert.equal(note, 'the data has no timestamps (page sequences), so no retention');
  });
});
