/**
 * What the dashboard's search looks in, one rule for the page and the session worker: a journey's name, id, file,
 * warnings and top indicators, and its steps' labels and details and its analysis summary when it carries them.
 * The page holds compact journeys (no steps); the session worker holds the full ones and answers for the step text.
 */
import type { CompactJourney } from './reportSummary';

/** Lower-cased words of a search, split on white space. */
export function searchTerms(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The journey's searchable text, lower-cased. */
export function searchText(j: CompactJourney): string {
  const parts = [j.name, j.id, j.file, ...j.warnings, ...(j.prediction?.top.map((t) => t.feature) ?? [])];
  for (const step of j.steps ?? []) parts.push(step.label, step.details);
  if (j.analysis) parts.push(j.analysis.summary);
  return parts.join('\n').toLowerCase();
}

/** Every term occurs somewhere in the text. */
export function hasAllTerms(haystack: string, terms: readonly string[]): boolean {
  for (const t of terms) if (!haystack.includes(t)) return false;
  return true;
}
