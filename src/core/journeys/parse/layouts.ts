// Every recording layout we read, in the order they claim a parsed file: adding one is one file (a RecordingLayout)
// and one line here. The last one takes whatever object the others leave.
import { chunkMapLayout, singleChunkLayout } from './chunkMap';
import type { RecordingLayout } from './layout';
import { regroupedLayout } from './regrouped';

export const LAYOUTS: readonly RecordingLayout[] = [regroupedLayout, singleChunkLayout, chunkMapLayout];
