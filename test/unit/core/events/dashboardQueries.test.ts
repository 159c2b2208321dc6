// The engine queries behind the dashboard's requests: the friction drill-down, the editor's column values, and the
// window text of an edited funnel.
import assert from 'node:assert/strict';
import path from 'node:path';
import { formatWindow, parseWindow } from '../../../../src/core/events/options';
import { columnValues } from '../../../../src/core/events/queries/columnValues';
import { computeFriction } from '../../../../src/core/events/queries/friction';
import { frictionDetails } from '../../../../src/core/events/queries/frictionDetails';
import { funnelDefinition, parseSteps } from '../../../../src/core/events/queries/funnelDefinition';
import { cleanup, csv, load, loadPath, REAL_EVENTS } from './helpers';

const ERRORS = csv('user_id,session_id,event,timestamp,text,path', [
  'u1,s1,view,2025-01-01 10:00:00,,/p',
  'u1,s1,checkout_error,2025-01-01 10:01:00,Card expired,/checkout',
  'u1,s1,buy,2025-01-01 10:02:00,,/done',
  'u2,s2,view,2025-01-01 10:00:00,,/p',
  'u2,s2,checkout_error,2025-01-01 10:01:00,Card expired,/checkout',
  'u2,s3,checkout_error,2025-01-02 10:01:00,Card expired,/cart',
  'u3,s4,view,2025-01-01 10:00:00,,/p',
  'u3,s4,view,2025-01-01 10:00:10,,/p2',
]);

describe('dashboard queries', () => {
  afterEach(cleanup);

  it('friction details: the sessions that saw a message on a path, by session id, each with its events in order', async () => {
    const l = await load({ 'e.csv': ERRORS });
    const rows = await computeFriction(l.engine, l.info, funnelDefinition({ steps: parseSteps('view > buy') }), null);
    const checkout = rows.find((r) => r.path === '/checkout')!;
    assert.equal(checkout.sessions, 2);
    const first = await frictionDetails(l.engine, l.info, null, {
      message: 'Card expired',
      path: '/checkout',
      index: 0,
    });
    assert.equal(first!.total, checkout.sessions, 'the drill-down pages through as many sessions as the row counts');
    assert.equal(first!.unitId, 's1');
    assert.deepEqual(
      first!.events.map((e) => [e.event, e.line, e.props.text]),
      [
        ['view', 2, null],
        ['checkout_error', 3, 'Card expired'],
        ['buy', 4, null],
      ],
    );
    const second = await frictionDetails(l.engine, l.info, null, {
      message: 'Card expired',
      path: '/checkout',
      index: 1,
    });
    assert.equal(second!.unitId, 's2');
    assert.equal(second!.events.length, 2, 's2 only, not the same user’s later session s3');
    const cart = await frictionDetails(l.engine, l.info, null, { message: 'Card expired', path: '/cart', index: 0 });
    assert.equal(cart!.unitId, 's3');
    assert.equal(
      await frictionDetails(l.engine, l.info, null, { message: 'Card expired', path: '/checkout', index: 2 }),
      null,
    );
    assert.equal(await frictionDetails(l.engine, l.info, null, { message: 'nope', path: '/checkout', index: 0 }), null);
  });

  it('friction details on the real clickstream: the one session that saw "Payment declined"', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'clickstream-sample.jsonl'));
    const d = await frictionDetails(l.engine, l.info, null, {
      message: 'Payment declined',
      path: '/checkout',
      index: 0,
    });
    assert.equal(d!.total, 1);
    assert.ok(d!.events.some((e) => e.props.text === 'Payment declined'));
  });

  it('column values: most frequent first, filtered by a case-insensitive prefix, limited, and a hostile value stays a value', async () => {
    const l = await load({
      'e.csv': csv('user_id,session_id,event,timestamp,category', [
        'u1,s1,view,2025-01-01 10:00:00,Books',
        'u1,s1,view,2025-01-01 10:00:01,books',
        'u2,s2,view,2025-01-01 10:00:00,books',
        'u2,s2,cart,2025-01-01 10:00:01,Bikes',
        `u3,s3,view,2025-01-01 10:00:00,"x' OR 1=1 --"`,
      ]),
    });
    assert.deepEqual(await columnValues(l.engine, l.info, 'event', '', 10), ['view', 'cart']);
    assert.deepEqual(await columnValues(l.engine, l.info, 'category', 'b', 10), ['books', 'Bikes', 'Books']);
    assert.deepEqual(await columnValues(l.engine, l.info, 'category', 'B', 1), ['books']);
    assert.deepEqual(await columnValues(l.engine, l.info, 'category', "x'", 5), ["x' OR 1=1 --"]);
    await assert.rejects(columnValues(l.engine, l.info, 'no_such"column', '', 5), /not in the log/);
  });

  it('formatWindow gives back a text parseWindow reads as the same milliseconds', () => {
    for (const text of ['7d', '24h', '30m', '45s', '90m'])
      assert.equal(parseWindow(formatWindow(parseWindow(text))), parseWindow(text));
    assert.equal(formatWindow(7 * 86_400_000), '7d');
    assert.equal(formatWindow(36 * 3_600_000), '36h');
    assert.equal(formatWindow(1500), '2s');
  });
});
