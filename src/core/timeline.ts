// STUB (owner: timeline/AI workstream). Mermaid source for one journey.
import type { Journey } from './model';

export function journeyTimeline(_journey: Journey, _options: { maxNodes: number }): string {
  throw new Error('not implemented');
}
