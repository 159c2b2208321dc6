import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { cleanup, csv, load, loadPath, REAL_EVENTS, tempDir, type Loaded } from './helpers';

describe('event-log ingest', () => {
  afterEach(cleanup);

  it('guesses column roles by name and keeps every other column as a property', async () => {
    const l = await load({
      'events.csv': csv('distinct_id,$session_id,event_time,event_type,css,price', [
        'u1,s1,2025-01-01 10:00:00,view,a.b,1.5',
      ]),
    });
    assert.deepEqual(l.info.sources[0].roles, {
      user: 'distinct_id',
      session: '$session_id',
      time: 'event_time',
      event: 'event_type',
    });
    assert.deepEqual(
      l.info.columns.map((c) => [c.name, c.type]),
      [
        ['css', 'VARCHAR'],
        ['price', 'DOUBLE'],
      ],
    );
    const [row] = await l.engine.all(
      'SELECT row_id, file, line, user_id, session_id, ts, seq, event, page, revenue, css, price FROM events',
    );
    assert.deepEqual(row, {
      row_id: 1,
      file: 'events.csv',
      line: 2,
      user_id: 'u1',
      session_id: 's1',
      ts: '2025-01-01T10:00:00.000Z',
      seq: 1,
      event: 'view',
      page: 'view',
      revenue: null,
      css: 'a.b',
      price: 1.5,
    });
  });

  it('--map overrides the guess, and a mapped column that does not exist names the columns found and the flag', async () => {
    const ok = await load(
      { 'e.csv': csv('who,what,when', ['u1,buy,2025-01-01 10:00:00']) },
      { map: { user: 'who', event: 'what', time: 'when' } },
    );
    assert.deepEqual(await ok.engine.all('SELECT user_id, event FROM events'), [{ user_id: 'u1', event: 'buy' }]);
    const bad = await load({ 'e.csv': csv('who,what', ['u1,buy']) }, { map: { user: 'nobody' } });
    assert.equal(bad.info.sources.length, 0);
    assert.match(bad.problems[0].message, /--map user=nobody names no column.*columns found: who, what.*--map/);
  });

  it('a file without a user column is an error naming its columns and --map, not a silent skip', async () => {
    const l = await load({ 'e.csv': csv('a,b,timestamp', ['1,2,2025-01-01 10:00:00']) });
    assert.equal(l.problems.length, 1);
    assert.equal(l.problems[0].severity, 'error');
    assert.match(
      l.problems[0].message,
      /no user column \(looked for user_id, distinct_id, customer_id, person_id.*columns found: a, b, timestamp; name one with --map user=COLUMN/,
    );
  });

  it('an empty file and an unknown layout are reported by name', async () => {
    const l = await load({ 'empty.csv': '', 'notes.bin': '\u0001\u0002 just some bytes' }, {}, undefined);
    const byFile = Object.fromEntries(l.problems.map((p) => [p.file, p.message]));
    assert.match(byFile['empty.csv'], /empty file/);
    assert.match(byFile['notes.bin'], /unknown layout.*--map user=COL/);
  });

  it('malformed CSV rows are counted and located by line (wrong column count, unparsable time, unclosed quote); the rest is analysed', async () => {
    const l = await load({
      'events.csv': csv('user_id,event,timestamp,x', [
        '1,a,2025-01-01 10:00:00,1', // line 2
        '2,b,2025-01-01 10:00:00', // line 3: one column short
        '3,c,notatime,3', // line 4: time does not parse
        '4,d,2025-01-01 10:05:00,4', // line 5: fine
        '5,"e,2025-01-01 11:00:00,5', // line 6: unclosed quote, swallows the rest
        '6,f,2025-01-01 11:00:00,6', // line 7
      ]),
    });
    const src = l.info.sources[0];
    assert.equal(src.rows, 2);
    assert.equal(src.rejected, 3);
    assert.deepEqual(
      l.problems.map((p) => [p.line, p.message.replace(/ \(.*\)/, '').split(':')[0]]),
      [
        [3, 'wrong number of columns; row skipped'],
        [4, 'time "notatime" in timestamp does not parse; row skipped'],
        [6, 'unclosed quote'],
      ],
    );
    assert.match(l.problems[2].message, /lines 6–7/);
    assert.deepEqual(await l.engine.all('SELECT user_id, line FROM events ORDER BY row_id'), [
      { user_id: '1', line: 2 },
      { user_id: '4', line: 5 },
    ]);
  });

  it('a broken JSON line is located and the other lines are read, blank lines keeping the numbering', async () => {
    const l = await load({
      'e.jsonl':
        '{"user_id":"u","event":"a","ts":"2025-01-01T10:00:00Z"}\n\n{"user_id":"u","event":"b"\n{"user_id":"u","event":"c","ts":"2025-01-01T10:01:00Z"}\n',
    });
    assert.deepEqual(
      l.problems.map((p) => [p.line, p.severity]),
      [[3, 'error']],
    );
    assert.deepEqual(await l.engine.all('SELECT event, line FROM events ORDER BY seq'), [
      { event: 'a', line: 1 },
      { event: 'c', line: 4 },
    ]);
  });

  it('reads a JSON array of objects and Parquet (recognised by content, whatever the extension)', async () => {
    const l = await load({
      'log.txt':
        '[\n  {"user_id": "u1", "event": "a", "ts": "2025-01-01 10:00:00", "n": 3},\n  {"user_id": "u2", "event": "b", "ts": "2025-01-02 10:00:00"}\n]\n',
    });
    assert.equal(l.info.sources[0].layout, 'json-array');
    assert.deepEqual(await l.engine.all('SELECT user_id, event, line, n FROM events ORDER BY row_id'), [
      { user_id: 'u1', event: 'a', line: 2, n: 3 },
      { user_id: 'u2', event: 'b', line: 3, n: null },
    ]);
    const out = path.join(l.dir, 'copy.data');
    await l.engine.run(`COPY (SELECT user_id, event, ts FROM events) TO '${out}' (FORMAT parquet)`);
    const p = await loadPath(out);
    assert.equal(p.info.sources[0].layout, 'parquet');
    assert.deepEqual(await p.engine.all('SELECT user_id, event, ts FROM events ORDER BY ts'), [
      { user_id: 'u1', event: 'a', ts: '2025-01-01T10:00:00.000Z' },
      { user_id: 'u2', event: 'b', ts: '2025-01-02T10:00:00.000Z' },
    ]);
  });

  it('one log with user, session and time is read straight into events: the same table and problems as the general path', async () => {
    // 2,100 rows: `late` is empty in the first 2,048 (the typing sample) and numeric after; `code` is numeric there
    // and text in the last row, which makes the typed read fail and the direct path hand over to the general one.
    const rows = (code: (i: number) => string) =>
      Array.from({ length: 2100 }, (_, i) => {
        const user = i === 7 ? '' : `u${i % 13}`;
        const time =
          i === 9 ? 'not a time' : i === 11 ? '' : `2025-02-0${1 + (i % 5)} 09:${String(i % 60).padStart(2, '0')}:00`;
        const late = i >= 2048 ? String(i / 4) : '';
        return `${i},${user},s${i % 29},${i % 3 ? 'view' : 'purchase'},${time},${(i % 50) + 0.5},${1 + (i % 3)},${late},${code(i)}`;
      });
    const header = 'event_id,user_id,session_id,event_type,timestamp,price,quantity,late,code';
    for (const code of [(i: number) => String(i % 7), (i: number) => (i === 2099 ? 'x7' : String(i % 7))]) {
      const dir = await tempDir();
      await writeFile(path.join(dir, 'events.csv'), csv(header, rows(code)));
      const direct = await loadPath(path.join(dir, 'events.csv'), {}, dir);
      const general = await loadPath(path.join(dir, 'events.csv'), {}, dir, { direct: false });
      const table = async (l: Loaded) => ({
        columns: await l.engine.all('DESCRIBE events'),
        rows: await l.engine.all('SELECT * FROM events ORDER BY row_id'),
      });
      const straight = direct.progress.some((t) => t.endsWith('read straight into the events table'));
      assert.equal(straight, code(2099) !== 'x7', 'direct unless a later row breaks the typed read');
      assert.ok(!general.progress.some((t) => t.includes('straight')));
      assert.deepEqual(await table(direct), await table(general));
      assert.deepEqual(direct.problems, general.problems);
      assert.deepEqual(direct.info, general.info);
      assert.equal(direct.info.sources[0].rows, 2098);
      assert.deepEqual(
        direct.problems.map((p) => [p.line, p.column, p.severity]),
        [
          [undefined, undefined, 'warning'],
          [9, 2, 'error'],
          [11, 5, 'error'],
        ],
      );
      const types = Object.fromEntries(direct.info.columns.map((c) => [c.name, c.type]));
      assert.deepEqual([types.price, types.quantity, types.late], ['DOUBLE', 'BIGINT', 'DOUBLE']);
      assert.equal(types.code, code(2099) === 'x7' ? 'VARCHAR' : 'BIGINT');
    }
  });

  it('times with a UTC offset are converted to UTC', async () => {
    const l = await load({
      'e.csv': csv('user_id,event,timestamp', ['u,a,2025-02-06T09:25:02+02:00', 'u,b,2025-02-06T09:25:02Z']),
    });
    assert.deepEqual(
      (await l.engine.all('SELECT ts FROM events ORDER BY row_id')).map((r) => r.ts),
      ['2025-02-06T07:25:02.000Z', '2025-02-06T09:25:02.000Z'],
    );
  });

  it('the common `YYYY-MM-DD hh:mm:ss` shape and its near misses parse as the general time parser does', async () => {
    // The 19-character shape takes a fast path (stage.ts); blanks, an offset, other separators or lengths must not
    // change what a value means.
    const times = [
      '2025-02-06 09:25:02',
      '2025-02-06T09:25:02',
      '"2025-02-06 09:25:02 "',
      '" 2025-02-06 09:25:02"',
      '2025-02-06 09:25:02-01:30',
      '2025-02-06 9:25:02+0200',
      '2025-02-06 09:25:02.5',
      '06/02/2025 09:25:02',
      '2025-13-06 09:25:02',
    ];
    const l = await load({
      'e.csv': csv(
        'user_id,event,timestamp',
        times.map((t, i) => `u,e${i},${t}`),
      ),
    });
    assert.deepEqual(
      (await l.engine.all('SELECT event, ts FROM events ORDER BY row_id')).map((r) => `${r.event} ${r.ts}`),
      [
        'e0 2025-02-06T09:25:02.000Z',
        'e1 2025-02-06T09:25:02.000Z',
        'e2 2025-02-06T09:25:02.000Z',
        'e3 2025-02-06T09:25:02.000Z',
        'e4 2025-02-06T10:55:02.000Z',
        'e5 2025-02-06T07:25:02.000Z',
        'e6 2025-02-06T09:25:02.500Z',
        'e7 2025-02-06T09:25:02.000Z',
      ],
    );
    assert.ok(l.problems.some((p) => p.line === 10 && /does not parse/.test(p.message)));
  });

  it('without a session column, sessions are cut after more than the gap of inactivity (30 min by default, configurable)', async () => {
    const rows = [
      'u,a,2025-01-01 10:00:00',
      'u,b,2025-01-01 10:30:00',
      'u,c,2025-01-01 11:00:01',
      'v,a,2025-01-01 10:10:00',
    ];
    const l = await load({ 'e.csv': csv('user_id,event,timestamp', rows) });
    assert.deepEqual(await l.engine.all('SELECT user_id, event, session_id FROM events ORDER BY user_id, seq'), [
      { user_id: 'u', event: 'a', session_id: 'u#1' },
      { user_id: 'u', event: 'b', session_id: 'u#1' }, // exactly 30 min: same session
      { user_id: 'u', event: 'c', session_id: 'u#2' }, // 30 min 1 s: a new one
      { user_id: 'v', event: 'a', session_id: 'v#1' },
    ]);
    const wide = await load({ 'e.csv': csv('user_id,event,timestamp', rows) }, { sessionGapMinutes: 60 });
    assert.deepEqual(
      (await wide.engine.all('SELECT DISTINCT session_id FROM events ORDER BY 1')).map((r) => r.session_id),
      ['u#1', 'v#1'],
    );
  });

  it('equal timestamps keep the order of the file in seq', async () => {
    const l = await load({
      'e.csv': csv('user_id,event,timestamp', [
        'u,second,2025-01-01 10:00:00',
        'u,first,2025-01-01 09:00:00',
        'u,third,2025-01-01 10:00:00',
      ]),
    });
    assert.deepEqual(
      (await l.engine.all('SELECT event FROM events ORDER BY seq')).map((r) => r.event),
      ['first', 'second', 'third'],
    );
  });

  it('typed events: an UPDATE replaces the NEW with the same key (latest event_time wins, whatever the file order); revenue from "12.34 USD"', async () => {
    const l = await load({
      'events.txt': JSON.stringify([
        {
          type: 'ORDER',
          verb: 'UPDATE',
          key: 'o1',
          event_time: '2017-01-08T10:00:00.000Z',
          customer_id: 'c1',
          total_amount: '20.00 USD',
        },
        { type: 'CUSTOMER', verb: 'NEW', key: 'c1', event_time: '2017-01-06T10:00:00.000Z', last_name: 'Smith' },
        {
          type: 'ORDER',
          verb: 'NEW',
          key: 'o1',
          event_time: '2017-01-07T10:00:00.000Z',
          customer_id: 'c1',
          total_amount: '12.34 USD',
        },
        { type: 'SITE_VISIT', verb: 'NEW', key: 'v1', event_time: '2017-01-07T09:00:00.000Z', customer_id: 'c1' },
      ]),
    });
    const src = l.info.sources[0];
    assert.equal(src.layout, 'typed-events');
    assert.equal(src.replaced, 1);
    assert.equal(l.info.visitEvent, 'SITE_VISIT');
    assert.deepEqual(await l.engine.all('SELECT user_id, event, verb, revenue FROM events ORDER BY seq'), [
      { user_id: 'c1', event: 'CUSTOMER', verb: 'NEW', revenue: null },
      { user_id: 'c1', event: 'SITE_VISIT', verb: 'NEW', revenue: null },
      { user_id: 'c1', event: 'ORDER', verb: 'UPDATE', revenue: 20 },
    ]);
  });

  it('the Shutterfly sample: four events of one customer, one order of 12.34', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'shutterfly-sample-events.txt'));
    assert.deepEqual(
      await l.engine.all(
        "SELECT count(*)::INT AS n, count(DISTINCT user_id)::INT AS users, sum(revenue) AS revenue, count(*) FILTER (WHERE event = 'SITE_VISIT')::INT AS visits FROM events",
      ),
      [{ n: 4, users: 1, revenue: 12.34, visits: 1 }],
    );
    assert.deepEqual(l.problems, []);
  });

  it("page sequences: each page an event at its position, sessions in id order, a user's sessions joined in seq", async () => {
    const l = await load({
      'journeys.csv': csv('user_id,session_id,subscription_type,user_journey', [
        '7,20,Annual,Pricing-Checkout',
        '7,10,Annual,Homepage-Log in-Log in',
        '8,30,Monthly,Homepage',
      ]),
    });
    assert.equal(l.info.sources[0].layout, 'page-sequences');
    assert.equal(l.info.hasTime, false);
    assert.deepEqual(
      await l.engine.all(
        "SELECT session_id, seq, event, line, subscription_type FROM events WHERE user_id = '7' ORDER BY seq",
      ),
      [
        { session_id: '10', seq: 1, event: 'Homepage', line: 3, subscription_type: 'Annual' },
        { session_id: '10', seq: 2, event: 'Log in', line: 3, subscription_type: 'Annual' },
        { session_id: '10', seq: 3, event: 'Log in', line: 3, subscription_type: 'Annual' },
        { session_id: '20', seq: 4, event: 'Pricing', line: 2, subscription_type: 'Annual' },
        { session_id: '20', seq: 5, event: 'Checkout', line: 2, subscription_type: 'Annual' },
      ],
    );
  });

  it('the real page-sequence sample: 354 users, 2,664 sessions, 22,810 pages (checked with pandas)', async () => {
    const l = await loadPath(path.join(REAL_EVENTS, 'user_journey_raw.sample.csv'));
    assert.deepEqual(
      await l.engine.all(
        'SELECT count(DISTINCT user_id)::INT AS u, count(DISTINCT session_id)::INT AS s, count(*)::INT AS n FROM events',
      ),
      [{ u: 354, s: 2664, n: 22810 }],
    );
  });

  it('companion users.csv and products.csv beside the log are loaded and keyed by id', async () => {
    const l = await load(
      {
        'events.csv': csv('user_id,event_type,timestamp,product_id', [
          'u1,view,2025-01-01 10:00:00,p1',
          'u2,view,2025-01-01 10:00:00,p2',
        ]),
        'users.csv': csv('user_id,registration_date,segment', ['u1,2024-12-01,vip', 'u2,2024-11-01,new']),
        'products.csv': csv('product_id,product_name,price', ['p1,Phone,199.5', 'p2,Case,9']),
      },
      {},
      'events.csv',
    );
    assert.equal(l.info.hasUsersTable, true);
    assert.equal(l.info.hasProductsTable, true);
    assert.deepEqual(
      l.info.userColumns.map((c) => [c.name, c.type]),
      [
        ['user_id', 'VARCHAR'],
        ['registration_date', 'TIMESTAMP'],
        ['segment', 'VARCHAR'],
      ],
    );
    assert.deepEqual(
      await l.engine.all(
        'SELECT e.user_id, u.segment, p.price FROM events e JOIN users u USING (user_id) JOIN products p USING (product_id) ORDER BY 1',
      ),
      [
        { user_id: 'u1', segment: 'vip', price: 199.5 },
        { user_id: 'u2', segment: 'new', price: 9 },
      ],
    );
  });

  it('revenue is price × quantity on purchase events', async () => {
    const l = await load({
      'e.csv': csv('user_id,event_type,timestamp,price,quantity', [
        'u,product_view,2025-01-01 10:00:00,10,',
        'u,purchase,2025-01-01 10:01:00,10,3',
      ]),
    });
    assert.deepEqual(
      (await l.engine.all('SELECT revenue FROM events ORDER BY seq')).map((r) => r.revenue),
      [null, 30],
    );
  });
});
