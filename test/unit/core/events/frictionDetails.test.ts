import assert from 'node:assert/strict';
import path from 'node:path';
import { computeFriction } from '../../../../src/core/events/queries/friction';
import { funnelDefinition, parseStep, parseSteps } from '../../../../src/core/events/queries/funnelDefinition';
import { stepDetails } from '../../../../src/core/events/queries/stepDetails';
import { cleanup, csv, load, loadPath, REAL_EVENTS } from './helpers';

const CLICK_FUNNEL =
  'Viewed product: path^=/products > Added to cart: css=button.add-to-cart > Order placed: css=button.place-order';

describe('friction and step details', () => {
  afterEach(cleanup);

  it('friction: "Payment declined" was seen in 1 session that did not complete, against 1 of the 2 other sessions completing', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'clickstream-sample.jsonl'));
    const rows = await computeFriction(l.engine, l.info, funnelDefinition({ steps: parseSteps(CLICK_FUNNEL) }), null);
    assert.deepEqual(rows, [
      {
        message: 'Payment declined',
        path: '/checkout',
        sessions: 1,
        users: 1,
        converted: 0,
        conversionRate: 0,
        baselineConversionRate: 0.5,
      },
    ]);
  });

  it('friction finds "error" in the event name, groups by message and path, and takes a configured matcher', async () => {
    const l = await load({
      'e.csv': csv('user_id,session_id,event,timestamp,text', [
        'u1,s1,view,2025-01-01 10:00:00,',
        'u1,s1,checkout_error,2025-01-01 10:01:00,Card expired',
        'u1,s1,buy,2025-01-01 10:02:00,',
        'u2,s2,view,2025-01-01 10:00:00,',
        'u2,s2,checkout_error,2025-01-01 10:01:00,Card expired',
        'u3,s3,view,2025-01-01 10:00:00,',
        'u3,s3,toast,2025-01-01 10:00:30,Try again later',
        'u3,s3,buy,2025-01-01 10:01:00,',
        'u4,s4,view,2025-01-01 10:00:00,',
      ]),
    });
    const def = funnelDefinition({ steps: parseSteps('view > buy') });
    const plain = await computeFriction(l.engine, l.info, def, null);
    assert.deepEqual(
      plain.map((r) => [r.message, r.sessions, r.users, r.converted, r.conversionRate, r.baselineConversionRate]),
      [['Card expired', 2, 2, 1, 0.5, 0.5]],
    );
    const matched = await computeFriction(l.engine, l.info, def, parseStep('x: text*=again').conditions);
    assert.deepEqual(
      matched.map((r) => [r.message, r.sessions, r.converted]),
      [
        ['Card expired', 2, 1],
        ['Try again later', 1, 1],
      ],
    );
  });

  it('step details: the units that dropped at a step, one at a time, each with its events in order, file and line', async () => {
    const l = await load({
      'e.csv': csv('user_id,session_id,event,timestamp,css', [
        'u2,s2,view,2025-01-01 10:00:00,a',
        'u1,s1,view,2025-01-01 10:00:00,b',
        'u1,s1,scroll,2025-01-01 10:00:05,c',
        'u3,s3,view,2025-01-01 10:00:00,',
        'u3,s3,buy,2025-01-01 10:01:00,',
      ]),
    });
    const def = funnelDefinition({ steps: parseSteps('view > buy') });
    const first = await stepDetails(l.engine, l.info, def, 2, 0);
    assert.equal(first!.total, 2);
    assert.equal(first!.unitId, 'u1');
    assert.deepEqual(
      first!.events.map((e) => [e.event, e.file, e.line, e.ts, e.props.css]),
      [
        ['view', 'e.csv', 3, '2025-01-01T10:00:00.000Z', 'b'],
        ['scroll', 'e.csv', 4, '2025-01-01T10:00:05.000Z', 'c'],
      ],
    );
    const second = await stepDetails(l.engine, l.info, def, 2, 1);
    assert.equal(second!.unitId, 'u2');
    assert.equal(await stepDetails(l.engine, l.info, def, 2, 2), null);
    await assert.rejects(stepDetails(l.engine, l.info, def, 1, 0), /step must be 2\.\.2/);
  });
});
