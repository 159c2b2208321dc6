/** JSON lines: one event object a line. */
import { readJsonRows } from '../jsonRows';
import type { Layout } from '../source';
import { stageRaw } from './tabular';

export const jsonLinesLayout: Layout = {
  id: 'jsonl',
  sniff: (head) => head.text.trimStart().startsWith('{'),
  load: async (head, ctx) => {
    const raw = `raw_${ctx.index}`;
    const read = await readJsonRows(ctx.engine, head, raw, false);
    return stageRaw(head, ctx, 'jsonl', raw, read);
  },
};
