/**
 * Journeys prepared on another thread (the helper worker parses half the files) carry term ids of that thread's
 * TermSpace. Only that space's new names cross with each batch; this maps its ids onto ours, so features are
 * prepared once, where the journey was parsed, instead of again on the thread that trains.
 */
import type { PreparedJourney, TermSpace, TermType } from './features';

/** Another space's terms from `offset` on (`TermSpace.termsFrom`). */
export interface TermsDelta {
  offset: number;
  names: string[];
  types: TermType[];
}

export class TermRemap {
  /** Their id -> our id, for their first `known` terms. */
  private local = new Int32Array(256);
  private count = 0;

  constructor(private readonly space: TermSpace) {}

  /** How many of their terms we can map: what the next batch need not repeat. */
  get known(): number {
    return this.count;
  }

  /** Learns their terms; a delta may repeat terms already known (batches asked for before an answer came). */
  add(delta: TermsDelta): void {
    if (delta.offset > this.count) throw new Error(`term delta from ${delta.offset}, but only ${this.count} known`);
    const end = delta.offset + delta.names.length;
    if (end > this.local.length) {
      const grown = new Int32Array(Math.max(end, this.local.length * 2));
      grown.set(this.local);
      this.local = grown;
    }
    for (let id = this.count; id < end; id++) {
      const k = id - delta.offset;
      this.local[id] = this.space.intern(delta.names[k], delta.types[k]);
    }
    this.count = Math.max(this.count, end);
  }

  /** Rewrites a journey prepared over their space onto ours, in place (order kept, so every design is the same). */
  apply(p: PreparedJourney): void {
    const ids = p.termIds;
    for (let k = 0; k < ids.length; k++) {
      if (ids[k] >= this.count) throw new Error(`term ${ids[k]} not sent (${this.count} known)`);
      ids[k] = this.local[ids[k]];
    }
  }
}
