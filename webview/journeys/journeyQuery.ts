// Search, filter, sort and page the journey list. Pure (no DOM), so 10,000 journeys filter in a few milliseconds.
import type { CompactJourney } from '../../src/core/journeys/reportSummary';
import { lastStepDate } from '../../src/dashboard/coreHelpers';
import type { JourneyFilters } from '../../src/dashboard/journeys/protocol';

export const PAGE_SIZE = 50;

const searchText = new WeakMap<CompactJourney, string>();

/**
 * What the search looks in: name, id, file, warnings and top indicators of every journey, and the step text and
 * analysis of a journey that carries them (an exported report's). The VS Code host sends compact journeys, whose step
 * text stays in the session worker: there the search finds journeys by what the summary says.
 */
function haystack(j: CompactJourney): string {
  let s = searchText.get(j);
  if (s === undefined) {
    const parts = [j.name, j.id, j.file, ...j.warnings, ...(j.prediction?.top.map((t) => t.feature) ?? [])];
    for (const step of j.steps ?? []) parts.push(step.label, step.details);
    if (j.analysis) parts.push(j.analysis.summary);
    s = parts.join('\n').toLowerCase();
    searchText.set(j, s);
  }
  return s;
}

export function matches(j: CompactJourney, f: JourneyFilters): boolean {
  switch (f.outcome) {
    case 'all':
      break;
    case 'upgrade':
    case 'cancel':
    case 'open':
      if (j.outcome !== f.outcome) return false;
      break;
    case 'predicted-upgrade':
      if (j.prediction?.outcome !== 'upgrade') return false;
      break;
    case 'predicted-cancel':
      if (j.prediction?.outcome !== 'cancel') return false;
      break;
    case 'disagree':
      if (j.outcome === 'open' || !j.prediction || j.prediction.outcome === j.outcome) return false;
      break;
  }
  if (f.status !== 'all' && !((j.metrics.statusCounts as Record<string, number>)[f.status] > 0)) return false;
  const terms = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length) {
    const text = haystack(j);
    for (const t of terms) if (!text.includes(t)) return false;
  }
  return true;
}

/** The last dated step, ISO strings compare as dates. */
export const lastDate = lastStepDate;

export function query<J extends CompactJourney>(journeys: J[], f: JourneyFilters): J[] {
  const out = journeys.filter((j) => matches(j, f));
  const p = (j: J) => j.prediction?.pUpgrade ?? -1;
  const byName = (a: J, b: J) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const cmp: Record<JourneyFilters['sort'], (a: J, b: J) => number> = {
    'probability-desc': (a, b) => p(b) - p(a),
    // Journeys without a prediction stay last in both directions.
    'probability-asc': (a, b) => (a.prediction ? p(a) : 2) - (b.prediction ? p(b) : 2),
    'date-desc': (a, b) => lastDate(b).localeCompare(lastDate(a)),
    'date-asc': (a, b) => (lastDate(a) || '\uffff').localeCompare(lastDate(b) || '\uffff'),
    'length-desc': (a, b) => b.metrics.steps - a.metrics.steps,
    'length-asc': (a, b) => a.metrics.steps - b.metrics.steps,
    name: byName,
  };
  const c = cmp[f.sort] ?? cmp['probability-desc'];
  return out.sort((a, b) => c(a, b) || byName(a, b));
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  first: number;
  total: number;
}

export function pageOf<T>(items: T[], page: number, size = PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pages, first: p * size, total: items.length };
}
