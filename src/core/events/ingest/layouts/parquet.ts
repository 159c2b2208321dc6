/** Parquet, recognised by its magic number. Lines are unknown (NULL); `_ord` is the file's row number. */
import { ident, lit } from '../../sql';
import type { Layout } from '../source';
import { stageRaw } from './tabular';

export const parquetLayout: Layout = {
  id: 'parquet',
  sniff: (head) => head.magic === 'PAR1',
  load: async (head, ctx) => {
    const raw = `raw_${ctx.index}`;
    try {
      await ctx.engine.run(
        `CREATE TEMP VIEW ${ident(raw)} AS SELECT * EXCLUDE (file_row_number), CAST(NULL AS BIGINT) AS _line, file_row_number AS _ord
         FROM read_parquet(${lit(head.path)}, file_row_number = true)`,
      );
    } catch (err) {
      return {
        problems: [
          {
            file: head.display,
            message: `not a readable Parquet file: ${(err as Error).message.split('\n')[0]}`,
            severity: 'error',
          },
        ],
      };
    }
    return stageRaw(head, ctx, 'parquet', raw, { rejected: 0, problems: [] });
  },
};
