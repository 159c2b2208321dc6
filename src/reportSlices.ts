import type { JourneyReport, Report } from './core/model';

/**
 * Serialising a report for the webview costs the host thread about 100 ms per 1,000 journeys, so a large report goes
 * as a head (the report with its first journeys) and slices of the rest, each cheap enough to post between other work.
 */
export const JOURNEYS_PER_SLICE = 300;

export function sliceReport(report: Report, size = JOURNEYS_PER_SLICE): { head: Report; rest: JourneyReport[][] } {
  if (report.journeys.length <= size) return { head: report, rest: [] };
  const rest: JourneyReport[][] = [];
  for (let i = size; i < report.journeys.length; i += size) rest.push(report.journeys.slice(i, i + size));
  return { head: { ...report, journeys: report.journeys.slice(0, size) }, rest };
}
