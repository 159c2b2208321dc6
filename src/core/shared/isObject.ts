/** A plain JSON-style object: not null, not an array. The one check every reader of untrusted data uses. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
