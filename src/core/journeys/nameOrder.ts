/**
 * The Journeys tree's alphabetical order: by name, then id, as the user's locale sorts them. Computed by the session
 * worker for every whole report it sends, so the extension host's thread never sorts 10,000 names itself (that was
 * 60–100 ms of a single task when a report landed).
 */
const collator = new Intl.Collator();

export function compareByName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return collator.compare(a.name, b.name) || collator.compare(a.id, b.id);
}

/** Indices of `journeys` in alphabetical order. */
export function alphabeticalOrder(journeys: readonly { name: string; id: string }[]): Int32Array {
  const order = Int32Array.from(journeys.keys());
  return order.sort((a, b) => compareByName(journeys[a], journeys[b]));
}
