import type { CompactReport } from '../core/journeys/reportSummary';

/**
 * Posting to a webview serialises on the extension host's thread, twice (VS Code's webview layer, then its RPC), at
 * about 12 µs per step of a journey (measured with `npm run bench:workbench`). A large report therefore goes as a head
 * (the report with its first journeys) and slices of about this many steps, each well under the host's 50 ms budget.
 */
export const STEPS_PER_SLICE = 2000;
/**
 * What a compact journey (no steps: prediction, metrics, warnings, analysis; about 2 KB of JSON) costs to post, in
 * steps. Measured in a CPU profile of `npm run bench:workbench` (JOURNEY_LENS_BENCH_PROFILE): posting a head of 400
 * compact journeys held the host ~85 ms, about 0.2 ms a journey, so 20 steps' worth (100 journeys a slice, ~20 ms).
 */
export const COMPACT_JOURNEY_STEPS = 20;

/** A slice as the UTF-8 JSON `journeys/journeysAppended` accepts: encoded here, the webview's RPC copies it as is. */
export function journeysJson(journeys: readonly unknown[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(journeys));
}

/** Journeys cut into consecutive runs of at most `maxSteps` steps (a longer journey goes alone). */
export function sliceReport<R extends CompactReport>(
  report: R,
  maxSteps = STEPS_PER_SLICE,
): { head: R; rest: R['journeys'][] } {
  const slices: R['journeys'][] = [];
  let current: R['journeys'] = [];
  let steps = 0;
  for (const j of report.journeys) {
    const size = j.steps ? Math.max(1, j.steps.length) : COMPACT_JOURNEY_STEPS;
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
