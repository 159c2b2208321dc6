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
export function addRecordingSteps(out: Extraction, steps: StepFields[], recordingRank: number, recordingDate = earliestDate(steps)): void {
  for (const step of steps) out.drafts.push({ step, sortDate: step.date || recordingDate, recordingRank });
}
