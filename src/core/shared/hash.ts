/**
 * Content hash for cache keys (AI analyses, rendered timelines). Not cryptographic: it only has to change when the
 * text changes and cost little next to JSON.parse. The core cannot use node:crypto (it also runs in the browser), and a
 * per-character loop over the string costs about twice JSON.parse, so the text is UTF-8 encoded natively (TextEncoder)
 * into a reused buffer and hashed four bytes at a time: two independent 32-bit multiply-xor lanes (the cyrb53
 * construction kept at the full 64 bits), returned as 16 hex digits. Word reads follow the platform's byte order,
 * which is little-endian everywhere VS Code runs.
 */
const CHUNK_CHARS = 1 << 16;
const encoder = new TextEncoder();
const bytes = new Uint8Array(CHUNK_CHARS * 3 + 8);
const words = new Int32Array(bytes.buffer);

export function contentHash(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    // Never split a surrogate pair: both halves would encode as U+FFFD and different texts could collide.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const { written } = encoder.encodeInto(end - start === text.length ? text : text.slice(start, end), bytes);
    const wordCount = written >>> 2;
    let i = 0;
    for (; i + 1 < wordCount; i += 2) {
      h1 = Math.imul(h1 ^ words[i], 2654435761);
      h2 = Math.imul(h2 ^ words[i + 1], 1597334677);
    }
    for (let j = i * 4; j < written; j++) {
      h1 = Math.imul(h1 ^ bytes[j], 2654435761);
      h2 = Math.imul(h2 ^ bytes[j], 1597334677);
    }
    start = end;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h2) + hex32(h1);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
