// What every layout reader hands back: draft steps ready for time ordering plus per-journey tallies.
import type { DraftStep } from '../normalize';
import type { StepFields } from './readStep';

export interface Extraction {
  drafts: DraftStep[];
  /** Recordings (chunks) seen, including ones that could not be narrated. */
  recordings: number;
  /** Error chunks (`{error, details}`) and their messages, most common first when summarised. */
  notNarrated: Map<string, number>;
}

export function emptyExtraction(): Extraction {
  return { drafts: [], recordings: 0, notNarrated: new Map() };
}

/** Earliest ISO date among steps, or '' when none has one. */
export function earliestDate(steps: StepFields[]): string {
  let min = '';
  for (const s of steps) if (s.date !== '' && (min === '' || s.date < min)) min = s.date;
  return min;
}

/** Adds a recording's steps; undated steps sort with their recording's earliest date. */
export function addRecordingSteps(
  out: Extraction,
  steps: StepFields[],
  recordingRank: number,
  recordingDate = earliestDate(steps),
): void {
  for (const step of steps) out.drafts.push({ step, sortDate: step.date || recordingDate, recordingRank });
}

/**
 * Adds recordings given in recording order. A recording none of whose steps has a date borrows the date of the
 * recording before it (or, for the first, the next dated one), so it stays in place instead of sorting to the front.
 */
export function addRecordingsInOrder(out: Extraction, recordings: { steps: StepFields[]; rank: number }[]): void {
  const dates = recordings.map((r) => earliestDate(r.steps));
  let carried = dates.find((d) => d !== '') ?? '';
  recordings.forEach((r, i) => {
    if (dates[i] !== '') carried = dates[i];
    addRecordingSteps(out, r.steps, r.rank, carried);
  });
}
