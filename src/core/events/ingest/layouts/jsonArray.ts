/** One JSON array of event objects. */
import { readJsonRows } from '../jsonRows';
import type { Layout } from '../source';
import { stageRaw } from './tabular';

export const jsonArrayLayout: Layout = {
  id: 'json-array',
  sniff: (head) => /^\s*\[\s*(\{|\]|$)/.test(head.text),
  load: async (head, ctx) => {
    const raw = `raw_${ctx.index}`;
    const read = await readJsonRows(ctx.engine, head, raw, true);
    if (read.columns.length === 0 && read.problems.length) return { problems: read.problems };
    return stageRaw(head, ctx, 'json-array', raw, read);
  },
};
