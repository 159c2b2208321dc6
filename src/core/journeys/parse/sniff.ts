// Recordings are found by content, not by name: a cheap look at the head of a file before any parsing. Each layout
// says what its head looks like (layouts.ts).
import { LAYOUTS } from './layouts';

const LEADING_TRIVIA = /^(?:\uFEFF|\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

/** Does this head of a file (the first few KB) look like a recording export, in any of the layouts we read? */
export function looksLikeRecording(prefix: string): boolean {
  const head = prefix.slice(0, 8192);
  // A recording (or several) wrapped in an array reads like the object inside it.
  const start = head.replace(LEADING_TRIVIA, '').replace(/^\[\s*/, '');
  if (!start.startsWith('{')) return false;
  return LAYOUTS.some((layout) => layout.sniff(head, start));
}
