import assert from 'node:assert/strict';
import type { SqlEngine } from '../../../../src/core/events/engine';
import { computeLtv } from '../../../../src/core/events/queries/ltv';
import { openDuckDb } from '../../../../src/node/events/duckdbEngine';
import { createEvents, datasetInfo, type EventRow } from './support/canonicalTables';

describe('simple LTV (Shutterfly)', () => {
  let engine: SqlEngine;
  beforeEach(async () => {
    engine = await openDuckDb();
  });
  afterEach(async () => {
    await engine.close();
  });

  it("gives the Shutterfly sample's single customer 6416.80: one visit, 12.34 USD, a frame under a week counted as one", async () => {
    // The four events of ../shared/real-events/shutterfly-sample-events.txt in canonical form, in their file order.
    const c = '96f55c7d8f42';
    await createEvents(engine, [
      { user_id: c, session_id: `${c}#1`, ts: '2017-01-06T12:46:46.384Z', event: 'CUSTOMER' },
      { user_id: c, session_id: `${c}#1`, ts: '2017-01-06T12:45:52.041Z', event: 'SITE_VISIT' },
      { user_id: c, session_id: `${c}#1`, ts: '2017-01-06T12:47:12.344Z', event: 'IMAGE' },
      { user_id: c, session_id: `${c}#1`, ts: '2017-01-06T12:55:55.555Z', event: 'ORDER', revenue: 12.34 },
    ]);
    const { report, note } = await computeLtv(engine, await datasetInfo(engine, { visitEvent: 'SITE_VISIT' }));
    assert.deepEqual(report, {
      weeks: 1,
      lifespanYears: 10,
      top: [{ customer: c, ltv: 6416.8, visits: 1, expenditure: 12.34, visitsPerWeek: 1 }],
    });
    assert.equal(note, 'the data spans less than a week, counted as one week');
  });

  it('takes the weeks from the earliest to the latest event of the whole data (fractional), never from now', async () => {
    const rows: EventRow[] = [
      { user_id: 'a', session_id: 's1', ts: '2020-03-01T00:00:00Z', event: 'SITE_VISIT' },
      { user_id: 'a', session_id: 's1', ts: '2020-03-01T00:10:00Z', event: 'ORDER', revenue: 30 },
      { user_id: 'a', session_id: 's2', ts: '2020-03-05T00:00:00Z', event: 'SITE_VISIT' },
      // b's only event sets the end of the frame: 10.5 days after a's first = 1.5 weeks
      { user_id: 'b', session_id: 's3', ts: '2020-03-11T12:00:00Z', event: 'SITE_VISIT' },
    ];
    await createEvents(engine, rows);
    const { report, note } = await computeLtv(engine, await datasetInfo(engine, { visitEvent: 'SITE_VISIT' }), {
      lifespanYears: 2,
    });
    assert.ok(report);
    assert.equal(report.weeks, 1.5);
    assert.equal(report.lifespanYears, 2);
    // a: 30 / 2 visits × 2 / 1.5 visits a week = 20 a week; 52 × 20 × 2 = 2080
    assert.deepEqual(report.top[0], { customer: 'a', ltv: 2080, visits: 2, expenditure: 30, visitsPerWeek: 2 / 1.5 });
    assert.deepEqual(report.top[1], { customer: 'b', ltv: 0, visits: 1, expenditure: 0, visitsPerWeek: 1 / 1.5 });
    assert.equal(note, undefined);
  });

  it('counts sessions as visits when there is no visit event, keeps the top X, and breaks ties by customer id', async () => {
    await createEvents(engine, [
      { user_id: 'z', session_id: 'z1', ts: '2021-01-01T00:00:00Z', event: 'purchase', revenue: 10 },
      { user_id: 'y', session_id: 'y1', ts: '2021-01-02T00:00:00Z', event: 'purchase', revenue: 10 },
      { user_id: 'x', session_id: 'x1', ts: '2021-01-03T00:00:00Z', event: 'view' },
      { user_id: 'x', session_id: 'x2', ts: '2021-01-04T00:00:00Z', event: 'purchase', revenue: 4 },
      { user_id: 'x', session_id: 'x2', ts: '2021-01-15T00:00:00Z', event: 'purchase', revenue: 1 },
    ]);
    const { report } = await computeLtv(engine, await datasetInfo(engine), { top: 2 });
    assert.ok(report);
    assert.equal(report.weeks, 2);
    // y and z tie (52 × 10 / 2 × 10 = 2600): y first by id; x (5 over 2 sessions) is third and cut by top 2
    assert.deepEqual(
      report.top.map((r) => [r.customer, r.ltv, r.visits]),
      [
        ['y', 2600, 1],
        ['z', 2600, 1],
      ],
    );
  });

  it('a customer with no visit event gets LTV 0 and the note counts them', async () => {
    await createEvents(engine, [
      { user_id: 'a', session_id: 's1', ts: '2020-03-01T00:00:00Z', event: 'SITE_VISIT' },
      { user_id: 'b', session_id: 's2', ts: '2020-03-20T00:00:00Z', event: 'ORDER', revenue: 99 },
    ]);
    const { report, note } = await computeLtv(engine, await datasetInfo(engine, { visitEvent: 'SITE_VISIT' }));
    assert.deepEqual(
      report?.top.map((r) => [r.customer, r.ltv]),
      [
        ['a', 0],
        ['b', 0],
      ],
    );
    assert.equal(note, '1 customer(s) without a SITE_VISIT have LTV 0');
  });

  it('without revenue there is no LTV, with a note', async () => {
    await createEvents(engine, [{ user_id: 'a', session_id: 's1', ts: '2020-03-01T00:00:00Z', event: 'view' }]);
    const { report, note } = await computeLtv(engine, await datasetInfo(engine));
    assert.equal(report, null);
    assert.match(note ?? '', /no event carries revenue/);
  });
});
