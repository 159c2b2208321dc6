// STUB (owner: parse workstream). Contract: parse one recording's text into a normalised Journey.
import type { Journey, Problem } from '../model';
import type { OutcomeRule } from '../options';

export interface ParseInput {
  /** File content as read from disk (may start with a BOM). */
  text: string;
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the analysed root, forward slashes; becomes the journey id. */
  relPath: string;
  outcomeRules: OutcomeRule[];
}

export interface ParseOutput {
  /** Null when the file could not be read as a recording at all. */
  journey: Journey | null;
  /** Located problems (file, line, column); warnings when the journey was still built. */
  problems: Problem[];
}

export function parseRecording(_input: ParseInput): ParseOutput {
  throw new Error('not implemented');
}

/** Cheap content sniff on the first few KB: does this look like a recording export? */
export function looksLikeRecording(_prefix: string): boolean {
  throw new Error('not implemented');
}
