// Recordings are found by content, not by name: a cheap look at the head of a file before any parsing.

/** Markers only recording exports carry; any one of them in the head of an object-shaped file is enough. */
const MARKERS: RegExp[] = [
  /"recordingReel"\s*:/,
  /\.ph-recording-chunk-summaries"/,
  /"step_data"\s*:/,
  /"groups"\s*:\s*\[[\s\S]*"group_name"\s*:/,
  /"error"\s*:\s*"No valid narration found"/,
  /"(?:start|end)_ms_since"\s*:/,
];

/** A chunk map keyed by bare ids: `{ "<id>": { "steps": [` or `{ "<id>": { "error":`. */
const BARE_CHUNK_HEAD = /^\{\s*"[0-9A-Za-z][0-9A-Za-z-]{15,}"\s*:\s*\{\s*"(?:steps|error|_order)"\s*:/;

const LEADING_TRIVIA = /^(?:\uFEFF|\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/** Does this head of a file (the first few KB) look like a recording export, in any of the layouts we read? */
export function looksLikeRecording(prefix: string): boolean {
  const head = prefix.slice(0, 8192);
  const start = head.replace(LEADING_TRIVIA, '');
  if (!start.startsWith('{')) return false;
  if (BARE_CHUNK_HEAD.test(start)) return true;
  return MARKERS.some((m) => m.test(head));
}
