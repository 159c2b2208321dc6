// STUB (owner: model workstream).
import type { Journey, JourneyMetrics } from './model';

export function computeMetrics(_journey: Journey): JourneyMetrics {
  throw new Error('not implemented');
}
