import type { JourneyReport, Report } from '../core/journeys/types';

/**
 * Posting to a webview serialises on the extension host's thread, twice (VS Code's webview layer, then its RPC), at
 * about 12 µs per step of a journey (measured with `npm run bench:workbench`). A large report therefore goes as a head
 * (the report with its first journeys) and slices of about this many steps, each well under the host's 50 ms budget.
 */
export const STEPS_PER_SLICE = 2000;

/** Journeys cut into consecutive runs of at most `maxSteps` steps (a longer journey goes alone). */
export function sliceReport(report: Report, maxSteps = STEPS_PER_SLICE): { head: Report; rest: JourneyReport[][] } {
  const slices: JourneyReport[][] = [];
  let current: JourneyReport[] = [];
  let steps = 0;
  for (const j of report.journeys) {
    const size = Math.max(1, j.steps?.length ?? 0);
    if (current.length && steps + size > maxSteps) {
      slices.push(current);
      current = [];
      steps = 0;
    }
    current.push(j);
    steps += size;
  }
  if (current.length) slices.push(current);
  if (slices.length <= 1) return { head: report, rest: [] };
  const [first, ...rest] = slices;
  return { head: { ...report, journeys: first }, rest };
}
