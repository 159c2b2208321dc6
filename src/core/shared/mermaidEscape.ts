/**
 * Turns untrusted text (labels from recordings) into Mermaid label text that cannot change the diagram.
 *
 * Mermaid decodes `#<code>;` entity codes in labels after parsing, so anything outside a small
 * allowlist is written as a numeric entity: the diagram shows the original text, while the source
 * never contains a raw quote, bracket, `#`, `;`, `%` (directives such as `%%{init}%%` are found by
 * regex anywhere in the text), `:` (Mermaid's `style`/`classDef` pre-processing regexes need one),
 * `<`/`>` (HTML) or a backtick (markdown strings).
 */

/** Any character that is not inert inside a quoted Mermaid label (letters and digits of any script are inert). */
const UNSAFE = /[^\p{L}\p{N} .,\-'/()!?+=@$_]/gu;

/**
 * Keywords that would be statements if they ever escaped the quotes. Inside a quoted label they are
 * inert, but their first letter is still written as an entity (it renders the same) so that no
 * recording can place e.g. `click A call alert()` in the source, whatever the parser does with it.
 */
const KEYWORDS = /\b(click|call|href|javascript|classDef|class|style|linkStyle|subgraph|end|init|direction)/gi;

export interface EscapeOptions {
  /** Cut the text to this many characters (before escaping) and add an ellipsis. */
  maxLength?: number;
}

/**
 * Text every step of the escape leaves alone but for keywords: allowlisted ASCII only, one space between words, none
 * at either end. Most labels are such text, and a test holds the shortcut to the thorough path's result.
 */
const PLAIN = /^[A-Za-z0-9.,\-'/()!?+=@$_]+(?: [A-Za-z0-9.,\-'/()!?+=@$_]+)*$/;

export function escapeMermaidLabel(text: string, options: EscapeOptions = {}): string {
  if (
    typeof text === 'string' &&
    (options.maxLength === undefined || text.length <= options.maxLength) &&
    PLAIN.test(text)
  ) {
    return text.replace(KEYWORDS, (word) => entity(word.codePointAt(0)!) + word.slice(1));
  }
  return escapeMermaidLabelThoroughly(text, options);
}

/** The general path of escapeMermaidLabel, for any text (exported so a test can hold the shortcut to it). */
export function escapeMermaidLabelThoroughly(text: string, options: EscapeOptions = {}): string {
  let s = String(text)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // s.length counts UTF-16 units, never fewer than code points: only a string that long can be over the limit.
  if (options.maxLength !== undefined && s.length > options.maxLength) {
    const chars = Array.from(s);
    if (chars.length > options.maxLength)
      s =
        chars
          .slice(0, Math.max(1, options.maxLength - 1))
          .join('')
          .trimEnd() + '…';
  }
  let out = '';
  let last = 0;
  // Escape the keyword's first letter, then run every other character through the allowlist.
  for (const m of s.matchAll(KEYWORDS)) {
    out += escapeChars(s.slice(last, m.index));
    out += entity(m[0].codePointAt(0)!) + escapeChars(m[0].slice(1));
    last = m.index + m[0].length;
  }
  return out + escapeChars(s.slice(last));
}

function escapeChars(s: string): string {
  return s.replace(UNSAFE, (ch) => entity(ch.codePointAt(0)!));
}

function entity(codePoint: number): string {
  return `#${codePoint};`;
}
