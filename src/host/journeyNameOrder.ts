/**
 * The tree's alphabetical order of journeys (by name, then id), kept across rebuilds. The tree is rebuilt whenever a
 * report lands: a whole report comes with the session worker's order (alphabeticalOrder), and a saved file's patch
 * keeps every unchanged journey's object, so only the one or two fresh journeys are placed, by binary search, between
 * the ranks of their neighbours. The host's thread never sorts 10,000 names (20–40 ms with a collator) and never
 * builds a string key per journey.
 */
import { compareByName } from '../core/journeys/nameOrder';
import type { CompactJourney } from '../core/journeys/reportSummary';

type Named = Pick<CompactJourney, 'name' | 'id'>;
type Entry = { name: string; id: string; rank: number };

/** Fresh journeys beyond this many in one report: sort them all afresh rather than insert one by one. */
const MAX_INSERTS = 64;

export class JourneyNameOrder {
  /** Names and ranks in order, ascending rank; entries of journeys that are gone stay until the next fresh sort. */
  private sorted: Entry[] = [];
  private rankOf = new WeakMap<object, number>();

  /**
   * A function giving each journey of `journeys` its place in alphabetical order, as a number to sort by.
   * `sorted`: the session worker's alphabeticalOrder of exactly `journeys`, when it sent one.
   */
  ranks(journeys: readonly Named[], sorted?: Int32Array): (j: Named) => number {
    if (sorted && sorted.length === journeys.length) {
      this.reset(Array.from(sorted, (i) => journeys[i]));
    } else {
      const fresh = journeys.filter((j) => !this.rankOf.has(j));
      if (fresh.length > MAX_INSERTS || this.sorted.length + fresh.length > 2 * journeys.length) {
        this.reset([...journeys].sort(compareByName));
      } else {
        for (const j of fresh) {
          if (!this.insert(j)) {
            // ranks ran out of room between two neighbours (many inserts at one place): number them afresh
            this.reset([...journeys].sort(compareByName));
            break;
          }
        }
      }
    }
    return (j) => this.rankOf.get(j)!;
  }

  private reset(inOrder: readonly Named[]): void {
    this.rankOf = new WeakMap();
    this.sorted = inOrder.map((j, rank) => {
      this.rankOf.set(j, rank);
      return { name: j.name, id: j.id, rank };
    });
  }

  /** Places `j` between its neighbours' ranks; false when no number lies between them. */
  private insert(j: Named): boolean {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareByName(this.sorted[mid], j) < 0) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? this.sorted[lo - 1].rank : -1;
    const after = lo < this.sorted.length ? this.sorted[lo].rank : before + 2;
    const rank = (before + after) / 2;
    if (!(rank > before && rank < after)) return false;
    this.sorted.splice(lo, 0, { name: j.name, id: j.id, rank });
    this.rankOf.set(j, rank);
    return true;
  }
}
