/**
 * Giving up a background retrain for a newer request. The host writes the id of its newest analyze or update
 * request into shared memory before it posts it (AnalysisSession), so the session worker and its helper read it in
 * the middle of synchronous work, before that request's message could reach them.
 */
import { noCheckpoint, type Checkpoint } from '../core/shared/checkpoint';

export class Superseded extends Error {
  constructor() {
    super('given up for a newer request');
  }
}

/** Whether the host has sent a request newer than `id`. */
export function isSuperseded(newestShared: Int32Array | undefined, id: number): boolean {
  return newestShared !== undefined && Atomics.load(newestShared, 0) !== id;
}

/** A checkpoint that throws Superseded once a request newer than `id` has been sent; none without an id. */
export function supersededUnless(newestShared: Int32Array | undefined, id: number | undefined): Checkpoint {
  if (id === undefined || !newestShared) return noCheckpoint;
  return () => {
    if (isSuperseded(newestShared, id)) throw new Superseded();
  };
}
