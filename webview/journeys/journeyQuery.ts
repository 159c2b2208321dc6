// Search, filter, sort and page the journey list. Pure (no DOM), so 10,000 journeys filter in a few milliseconds.
import type { CompactJourney } from '../../src/core/journeys/reportSummary';
import { hasAllTerms, lastStepDate, searchTerms, searchText } from '../../src/dashboard/coreHelpers';
import type { JourneyFilters } from '../../src/dashboard/journeys/protocol';

export const PAGE_SIZE = 50;

const haystacks = new WeakMap<CompactJourney, string>();

/** What the search looks in (core/journeys/journeySearch.ts): for a compact journey, what its summary says. */
function haystack(j: CompactJourney): string {
  let s = haystacks.get(j);
  if (s === undefined) haystacks.set(j, (s = searchText(j)));
  return s;
}

/**
 * `stepHits`: the journeys whose full text (steps included) matches `f.text`, as the session worker answered for a
 * report of compact journeys (`journeys/searchResult`); without it the text is matched on what the page holds.
 */
export function matches(j: CompactJourney, f: JourneyFilters, stepHits?: ReadonlySet<string>): boolean {
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
  const terms = searchTerms(f.text);
  // Either side may know more: the worker the steps, the page an AI analysis made in the host.
  if (terms.length && !stepHits?.has(j.id) && !hasAllTerms(haystack(j), terms)) return false;
  return true;
}

/** The last dated step, ISO strings compare as dates. */
export const lastDate = lastStepDate;

export function query<J extends CompactJourney>(journeys: J[], f: JourneyFilters, stepHits?: ReadonlySet<string>): J[] {
  const out = journeys.filter((j) => matches(j, f, stepHits));
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
