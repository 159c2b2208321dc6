/**
 * The address fragment without its `#`, percent-decoded where it can be. Anyone can hand out a link, so a malformed
 * escape (`#journey=%`) is kept as typed instead of throwing URIError and stopping the whole page.
 */
export function decodeFragment(hash: string): string {
  const raw = hash.replace(/^#/, '');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
