// What a recording layout is, for the registry in layouts.ts.
import type { Extraction } from './extraction';
import type { JsonLocator, JsonPath } from './locate';
import type { ProblemLog } from './problems';
import type { StepStats } from './readStep';

export interface LayoutContext {
  /** The file's base name, the recording id of a bare single chunk. */
  name: string;
  /** Where the layout's object sits in the file: `[]` at the top, `[0]` for the first item of a wrapping array. */
  at: JsonPath;
  locator: JsonLocator;
  log: ProblemLog;
  stats: StepStats;
}

export interface RecordingLayout {
  readonly id: string;
  /** Does the head of a file (its first 8 KB, leading comments stripped in `start`) look like this layout? Run on
   * every candidate file before any parsing, so cheap and generous. */
  sniff(head: string, start: string): boolean;
  /** Is this parsed top-level object in this layout? Layouts are asked in registry order; the first one wins. */
  claims(top: Record<string, unknown>): boolean;
  read(top: Record<string, unknown>, ctx: LayoutContext): Extraction | null;
}

/** Step fields only recording exports carry; any one of them in the head of an object-shaped file is enough. */
const STEP_MARKERS: RegExp[] = [
  /"step_data"\s*:/,
  /"error"\s*:\s*"No valid narration found"/,
  /"(?:start|end)_ms_since"\s*:/,
];

export function hasStepMarker(head: string): boolean {
  return STEP_MARKERS.some((m) => m.test(head));
}
