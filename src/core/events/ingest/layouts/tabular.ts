/** The part every one-row-per-event layout shares once its reader has left a raw table: roles, then the stage. */
import type { EventsProblem, LayoutId } from '../../types';
import { guessRoles, missingRoleMessage } from '../roles';
import type { FileHead, LoadContext, StagedSource } from '../source';
import { describe, stageTabular } from '../stage';

export async function stageRaw(
  head: FileHead,
  ctx: LoadContext,
  layout: LayoutId,
  raw: string,
  read: { rejected: number; problems: EventsProblem[] },
): Promise<StagedSource | { problems: EventsProblem[] }> {
  const columns = await describe(ctx.engine, raw);
  const names = columns.map((c) => c.name).filter((n) => n !== '_line' && n !== '_ord');
  if (names.length === 0) {
    return {
      problems: [
        ...read.problems,
        { file: head.display, message: 'no rows with columns to read (empty file?)', severity: 'error' },
      ],
    };
  }
  const guess = guessRoles(names, ctx.options.map);
  if (guess.missing.length || guess.unknownMapped.length) {
    return {
      problems: [
        ...read.problems,
        { file: head.display, message: missingRoleMessage(guess, names), severity: 'error' },
      ],
    };
  }
  const staged = await stageTabular({
    engine: ctx.engine,
    raw,
    stage: `stage_${ctx.index}`,
    src: ctx.index,
    file: head.display,
    columns,
    roles: guess.roles,
  });
  return {
    layout,
    table: `stage_${ctx.index}`,
    rows: staged.rows,
    rejected: read.rejected + staged.rejected,
    roles: guess.roles,
    properties: staged.properties,
    problems: [...read.problems, ...staged.problems],
  };
}
