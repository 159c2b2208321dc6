/** The event-log analyses this module owns, one line each, for the report to wire in. */
export { computePaths, type PathsOptions, type PathsResult } from './queries/paths';
export { computeRetention, type RetentionOptions, type RetentionResult } from './queries/retention';
export {
  computeSegments,
  segmentRows,
  segmentsCsv,
  type SegmentsOptions,
  type SegmentsResult,
  type SegmentRow,
} from './segments';
export { computeLtv, type LtvOptions, type LtvResult } from './queries/ltv';
