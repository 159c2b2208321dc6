/**
 * Typed business events (the Shutterfly layout): `{type: CUSTOMER|SITE_VISIT|IMAGE|ORDER, verb, key, event_time,
 * customer_id, total_amount: "12.34 USD", ...}` as a JSON array or lines, in no guaranteed order. An ORDER or CUSTOMER
 * with the same key as an earlier one is a new version of it: only the latest `event_time` is kept (an UPDATE replaces
 * the NEW). The user of a CUSTOMER event is its own key; an ORDER's revenue is its amount; visits are SITE_VISIT events.
 */
import { ident } from '../../sql';
import { readJsonRows } from '../jsonRows';
import type { Layout, StagedSource } from '../source';
import { describe, stageTabular, timeExpr } from '../stage';

export const VISIT_EVENT = 'SITE_VISIT';

export const typedEventsLayout: Layout = {
  id: 'typed-events',
  sniff: (head) => {
    const t = head.text.trimStart();
    return (
      (t.startsWith('[') || t.startsWith('{')) && /"verb"\s*:/.test(t) && /"type"\s*:/.test(t) && /"key"\s*:/.test(t)
    );
  },
  load: async (head, ctx) => {
    const raw = `raw_${ctx.index}`;
    const read = await readJsonRows(ctx.engine, head, raw, head.text.trimStart().startsWith('['));
    if (read.columns.length === 0)
      return {
        problems: read.problems.length
          ? read.problems
          : [{ file: head.display, message: 'no events in this file', severity: 'error' }],
      };
    const columns = await describe(ctx.engine, raw);
    const has = (n: string) => columns.some((c) => c.name === n);
    const missing = ['type', 'key', 'event_time'].filter((n) => !has(n));
    if (missing.length) {
      const found = columns.map((c) => c.name).filter((n) => n !== '_line' && n !== '_ord');
      return {
        problems: [
          ...read.problems,
          {
            file: head.display,
            message: `typed events need ${missing.join(', ')}; columns found: ${found.join(', ') || '(none)'}`,
            severity: 'error',
          },
        ],
      };
    }
    const type = `upper(CAST("type" AS VARCHAR))`;
    const ts = timeExpr('event_time', columns.find((c) => c.name === 'event_time')!.type);
    const latest = `${raw}_latest`;
    await ctx.engine.run(
      `CREATE TEMP VIEW ${ident(latest)} AS SELECT * FROM ${ident(raw)}
       QUALIFY CASE WHEN ${type} IN ('ORDER', 'CUSTOMER') AND "key" IS NOT NULL
                    THEN row_number() OVER (PARTITION BY ${type}, "key" ORDER BY ${ts} DESC NULLS LAST, _ord DESC) = 1
                    ELSE true END`,
    );
    const [{ replaced }] = await ctx.engine.all<{ replaced: number }>(
      `SELECT ((SELECT count(*) FROM ${ident(raw)}) - (SELECT count(*) FROM ${ident(latest)}))::BIGINT AS replaced`,
    );
    const user = has('customer_id')
      ? `coalesce(nullif(trim(CAST(customer_id AS VARCHAR)), ''), CASE WHEN ${type} = 'CUSTOMER' THEN CAST("key" AS VARCHAR) END)`
      : `CASE WHEN ${type} = 'CUSTOMER' THEN CAST("key" AS VARCHAR) END`;
    const revenue = has('total_amount')
      ? `CASE WHEN ${type} = 'ORDER' THEN try_cast(regexp_extract(CAST(total_amount AS VARCHAR), '-?[0-9]+(\\.[0-9]+)?') AS DOUBLE) END`
      : 'CAST(NULL AS DOUBLE)';
    const roles = {
      user: has('customer_id') ? 'customer_id' : 'key',
      session: null,
      time: 'event_time',
      event: 'type',
    };
    const staged = await stageTabular({
      engine: ctx.engine,
      raw: latest,
      stage: `stage_${ctx.index}`,
      src: ctx.index,
      file: head.display,
      columns,
      roles,
      userExpr: user,
      eventExpr: type,
      pageExpr: type,
      revenue,
    });
    return {
      layout: 'typed-events',
      table: `stage_${ctx.index}`,
      rows: staged.rows,
      rejected: read.rejected + staged.rejected,
      roles,
      properties: staged.properties,
      problems: [...read.problems, ...staged.problems],
      visitEvent: VISIT_EVENT,
      replaced,
    } satisfies StagedSource;
  },
};
