/**
 * The input layouts, most specific first: the first whose `sniff` accepts a file's first bytes loads it.
 * Adding a layout is one file and one line here.
 */
import { csvLayout } from './layouts/csv';
import { jsonArrayLayout } from './layouts/jsonArray';
import { jsonLinesLayout } from './layouts/jsonLines';
import { pageSequencesLayout } from './layouts/pageSequences';
import { parquetLayout } from './layouts/parquet';
import { typedEventsLayout } from './layouts/typedEvents';
import type { FileHead, Layout } from './source';

export const LAYOUTS: Layout[] = [
  parquetLayout,
  typedEventsLayout,
  jsonArrayLayout,
  jsonLinesLayout,
  pageSequencesLayout,
  csvLayout,
];

export function detectLayout(head: FileHead): Layout | null {
  return LAYOUTS.find((l) => l.sniff(head)) ?? null;
}
