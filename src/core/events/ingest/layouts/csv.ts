/** One event per row of a delimited text file, header first. */
import { inferNumericColumns, parseHeader, readDelimited } from '../delimited';
import { guessRoles, missingRoleMessage } from '../roles';
import type { FileHead, Layout, LoadContext, StagedSource } from '../source';
import { describe, stageTabular } from '../stage';

export const csvLayout: Layout = {
  id: 'csv',
  sniff: (head) =>
    !head.text.trimStart().startsWith('{') && !head.text.trimStart().startsWith('[') && parseHeader(head.text) !== null,
  load: async (head: FileHead, ctx: LoadContext) => {
    const header = parseHeader(head.text);
    if (!header)
      return {
        problems: [{ file: head.display, message: 'no header line with delimited column names', severity: 'error' }],
      };
    const guess = guessRoles(header.columns, ctx.options.map);
    if (guess.missing.length || guess.unknownMapped.length) {
      return {
        problems: [
          { file: head.display, line: 1, message: missingRoleMessage(guess, header.columns), severity: 'error' },
        ],
      };
    }
    const raw = `raw_${ctx.index}`;
    const read = await readDelimited(ctx.engine, head, header, raw);
    const roleCols = new Set(Object.values(guess.roles).filter(Boolean));
    const casts = await inferNumericColumns(
      ctx.engine,
      raw,
      header.columns.filter((c) => !roleCols.has(c)),
    );
    const columns = await describe(ctx.engine, raw);
    const staged = await stageTabular({
      engine: ctx.engine,
      raw,
      stage: `stage_${ctx.index}`,
      src: ctx.index,
      file: head.display,
      columns,
      roles: guess.roles,
      casts,
    });
    return {
      layout: 'csv',
      table: `stage_${ctx.index}`,
      rows: staged.rows,
      rejected: read.rejected + staged.rejected,
      roles: guess.roles,
      properties: staged.properties,
      problems: [...read.problems, ...staged.problems],
    } satisfies StagedSource;
  },
};
