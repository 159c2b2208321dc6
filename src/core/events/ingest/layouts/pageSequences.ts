/**
 * Page sequences: one row per session, its pages joined by a separator (`Homepage-Log in-Pricing`), no times;
 * session ids increase with time. Each page becomes an event at its position (`_pos`), so `seq` follows the
 * session order and then the position.
 */
import { ident, lit } from '../../sql';
import { inferNumericColumns, parseHeader, readDelimited } from '../delimited';
import { guessRoles, missingRoleMessage, ROLE_NAMES } from '../roles';
import type { Layout, StagedSource } from '../source';
import type { EventsProblem } from '../../types';

const JOURNEY_NAMES = ['user_journey', 'journey', 'page_sequence', 'pages', 'path_sequence', 'page_path'];

function journeyColumn(columns: string[]): string | undefined {
  return columns.find((c) => JOURNEY_NAMES.includes(c.toLowerCase()));
}

export const pageSequencesLayout: Layout = {
  id: 'page-sequences',
  sniff: (head) => {
    const header = parseHeader(head.text);
    if (!header || !journeyColumn(header.columns)) return false;
    return !header.columns.some((c) => ROLE_NAMES.time.includes(c.toLowerCase()));
  },
  load: async (head, ctx) => {
    const header = parseHeader(head.text)!;
    const journey = journeyColumn(header.columns)!;
    const guess = guessRoles(header.columns, ctx.options.map);
    if (guess.missing.length || guess.unknownMapped.length) {
      return {
        problems: [
          { file: head.display, line: 1, message: missingRoleMessage(guess, header.columns), severity: 'error' },
        ],
      };
    }
    const roles = { user: guess.roles.user, session: guess.roles.session, time: null, event: journey };
    const raw = `raw_${ctx.index}`;
    const read = await readDelimited(ctx.engine, head, header, raw);
    const propNames = header.columns.filter((c) => c !== journey && c !== roles.user && c !== roles.session);
    const casts = await inferNumericColumns(ctx.engine, raw, propNames);
    const props = propNames.map(
      (c) => `${casts.has(c) ? `CAST(${ident(c)} AS ${casts.get(c)})` : ident(c)} AS ${ident(c)}`,
    );
    const sep = lit(ctx.options.pageSeparator);
    const user = `nullif(trim(${ident(roles.user)}), '')`;
    const session = roles.session
      ? `coalesce(nullif(trim(${ident(roles.session)}), ''), ${user} || '#' || (_ord + 1))`
      : `${user} || '#' || (_ord + 1)`;
    const stage = `stage_${ctx.index}`;
    await ctx.engine.run(
      `CREATE TEMP VIEW ${ident(stage)} AS
       SELECT ${ctx.index}::INTEGER AS _src, _ord, row_number() OVER (ORDER BY _ord, _pos) - 1 AS _rid, _line, _user, _session, CAST(NULL AS TIMESTAMP) AS _ts, _pos::INTEGER AS _pos,
              trim(_p) AS _event, trim(_p) AS _page, CAST(NULL AS DOUBLE) AS _revenue, false AS _bad${props.length ? `, ${propNames.map((c) => ident(c)).join(', ')}` : ''}
       FROM (SELECT _ord::BIGINT AS _ord, _line::BIGINT AS _line, ${user} AS _user, ${session} AS _session,
                    unnest(string_split(${ident(journey)}, ${sep})) AS _p, generate_subscripts(string_split(${ident(journey)}, ${sep}), 1) AS _pos
                    ${props.length ? `, ${props.join(', ')}` : ''}
             FROM ${ident(raw)} WHERE ${user} IS NOT NULL AND trim(coalesce(${ident(journey)}, '')) <> '')
       WHERE trim(_p) <> ''`,
    );
    const problems: EventsProblem[] = [...read.problems];
    const [counts] = await ctx.engine.all<{ nouser: number; empty: number; rows: number }>(
      `SELECT count(*) FILTER (WHERE ${user} IS NULL)::BIGINT AS nouser,
              count(*) FILTER (WHERE ${user} IS NOT NULL AND trim(coalesce(${ident(journey)}, '')) = '')::BIGINT AS empty,
              (SELECT count(*) FROM ${ident(stage)})::BIGINT AS rows
       FROM ${ident(raw)}`,
    );
    if (counts.nouser > 0) {
      const lines = await ctx.engine.all<{ _line: number }>(
        `SELECT _line FROM ${ident(raw)} WHERE ${user} IS NULL ORDER BY _ord LIMIT 100`,
      );
      for (const l of lines)
        problems.push({
          file: head.display,
          line: l._line,
          message: `no ${roles.user} value; row skipped`,
          severity: 'error',
        });
    }
    if (counts.empty > 0)
      problems.push({
        file: head.display,
        message: `${counts.empty} sessions have an empty ${journey}; they hold no events`,
        severity: 'warning',
      });
    const properties = (await ctx.engine.all<{ column_name: string; column_type: string }>(`DESCRIBE ${ident(stage)}`))
      .filter((c) => !c.column_name.startsWith('_'))
      .map((c) => ({ name: c.column_name, type: c.column_type }));
    return {
      layout: 'page-sequences',
      table: stage,
      rows: counts.rows,
      rejected: read.rejected + counts.nouser,
      roles,
      properties,
      problems,
    } satisfies StagedSource;
  },
};
