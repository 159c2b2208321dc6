// Every file the user points at ends as exactly one of: a journey, a located problem, or a counted "not a recording"
// with the reason. The head sniff is only a fast path: a file it passes over gets a full look before it is set aside,
// because real exports wrap recordings in arrays, put their first marker past 8 KB, or lead with unrelated keys.
import type { Journey, Problem } from '../types';
import { parseRecording, type ParseInput } from './index';
import { readJsonText } from './jsonText';
import { isObject } from '../../shared/isObject';
import { describe } from './readStep';
import { looksLikeRecording } from './sniff';

export type FileVerdict =
  | { kind: 'journey'; journey: Journey; problems: Problem[] }
  /** A recording (or what claims to be one) that could not be read: at least one located error says why. */
  | { kind: 'broken'; problems: Problem[] }
  /** Read in full and holds no recording at all. */
  | { kind: 'skipped'; reason: string };

/** How much of a file the sniff looks at. */
const SNIFF_CHARS = 8192;

/** Field names only recording exports use; in a file that is not even valid JSON, one is enough to call it a recording. */
const RECORDING_WORDS =
  /"(?:step_data|recordingReel|start_ms_since|end_ms_since|usage_metadata|group_name)"\s*:|\.ph-recording-chunk-summaries"|"No valid narration found"/;

export function accountForFile(input: ParseInput): FileVerdict {
  if (input.text.replace(/^\uFEFF/, '').trim() === '') return { kind: 'skipped', reason: 'empty file' };
  if (looksLikeRecording(input.text.slice(0, SNIFF_CHARS))) return verdict(parseRecording(input));

  // The second, full look.
  const read = readJsonText(input.text);
  if (!read.ok) {
    if (RECORDING_WORDS.test(input.text)) return verdict(parseRecording(input, read));
    const where = read.line !== undefined ? ` at line ${read.line}, column ${read.column}` : '';
    const why = read.message.replace(/; (?:file skipped|not a (?:JSON )?recording)$/, '');
    return { kind: 'skipped', reason: `not valid JSON (${why}${where}) and no recording field anywhere in it` };
  }
  if (holdsRecording(read.value)) return verdict(parseRecording(input, read));
  return { kind: 'skipped', reason: whatItIs(read.value) };
}

/** The sniff, then the full look: would accountForFile read this text as a recording (journey or located problem)? */
export function isRecordingText(text: string): boolean {
  if (looksLikeRecording(text.slice(0, SNIFF_CHARS))) return true;
  const read = readJsonText(text);
  return read.ok ? holdsRecording(read.value) : RECORDING_WORDS.test(text);
}

function verdict(out: { journey: Journey | null; problems: Problem[] }): FileVerdict {
  return out.journey
    ? { kind: 'journey', journey: out.journey, problems: out.problems }
    : { kind: 'broken', problems: out.problems };
}

/**
 * Is there a recording anywhere in this parsed value: a step, an error chunk, or a step group, at any depth? Walked
 * with an explicit stack: a valid file can nest 100,000 levels deep.
 */
export function holdsRecording(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (isObject(v)) {
      if (isStep(v) || isErrorChunk(v) || isGroup(v)) return true;
      for (const key of Object.keys(v)) {
        const child = v[key];
        if (typeof child === 'object' && child !== null) stack.push(child);
      }
    }
  }
  return false;
}

/** A recording step: a reel, a regrouped wrapper, or all three of label, date and status (a CI workflow's steps have a
 * label and a status too, never a date). */
function isStep(o: Record<string, unknown>): boolean {
  return (
    isObject(o.recordingReel) ||
    isObject(o.step_data) ||
    'start_ms_since' in o ||
    (typeof o.label === 'string' && 'date' in o && 'status' in o)
  );
}

function isErrorChunk(o: Record<string, unknown>): boolean {
  return typeof o.error === 'string' && ('_order' in o || 'usage_metadata' in o || 'steps' in o);
}

function isGroup(o: Record<string, unknown>): boolean {
  return typeof o.group_name === 'string' && Array.isArray(o.steps);
}

/** The reason a file is not a recording, in terms of what it is instead. */
function whatItIs(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty JSON array';
    return `a JSON array of ${value.length} item${value.length === 1 ? '' : 's'} with no recording in it`;
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty JSON object';
    const shown = keys
      .slice(0, 4)
      .map((k) => JSON.stringify(k.length > 30 ? `${k.slice(0, 29)}…` : k))
      .join(', ');
    const more = keys.length > 4 ? `, … ${keys.length - 4} more` : '';
    return `a JSON object (${shown}${more}) with no recording chunks, steps or step groups anywhere in it`;
  }
  return `${describe(value)}, not a recording`;
}
