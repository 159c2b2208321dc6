/**
 * The tree's alphabetical order of journeys (by name, then id), kept across rebuilds. The tree is rebuilt on every
 * saved file, and sorting 10,000 names with a collator costs the extension host's thread 20–40 ms each time; a save
 * changes one or two names, which are inserted by binary search, and the sorts then compare integer ranks.
 */
import type { CompactJourney } from '../core/journeys/reportSummary';

const collator = new Intl.Collator();

type Named = Pick<CompactJourney, 'name' | 'id'>;

const keyOf = (j: Named) => `${j.id}\u0000${j.name}`;

function compareNamed(a: Named, b: Named): number {
  return collator.compare(a.name, b.name) || collator.compare(a.id, b.id);
}

export class JourneyNameOrder {
  private sorted: Named[] = [];
  private rank = new Map<string, number>();

  /**
   * Each journey's place in alphabetical order (by name, then id), as a number to sort by; journeys not seen before
   * are inserted first.
   */
  ranks<J extends Named>(journeys: readonly J[]): Map<J, number> {
    const keys = journeys.map(keyOf);
    const missing = journeys.filter((_, i) => !this.rank.has(keys[i]));
    if (missing.length) {
      // Journeys that are gone stay ranked (harmless, and cheaper than removing); start afresh once they pile up.
      if (missing.length > 64 || this.sorted.length + missing.length > 2 * journeys.length) {
        this.sorted = journeys.map((j) => ({ name: j.name, id: j.id })).sort(compareNamed);
      } else {
        for (const j of missing) this.sorted.splice(this.insertionPoint(j), 0, { name: j.name, id: j.id });
      }
      this.rank = new Map(this.sorted.map((j, i) => [keyOf(j), i]));
    }
    return new Map(journeys.map((j, i) => [j, this.rank.get(keys[i])!]));
  }

  private insertionPoint(j: Named): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareNamed(this.sorted[mid], j) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
