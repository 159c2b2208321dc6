// JSON(C) without recursion, for the texts jsonc-parser cannot take: its parser recurses once per nesting level and
// overflows the stack a few thousand levels down (100,000 unclosed `[` is a one-line file). jsonc-parser's scanner
// is iterative, so this walks its tokens with an explicit stack: it finds the first syntax error at any depth, finds
// where a JSON path sits, and turns valid JSONC into strict JSON for JSON.parse (which does not recurse either).
import { createScanner } from 'jsonc-parser';

/** A place in a JSON value: keys and array indexes from the top, e.g. `[chunkKey, 'steps', 3]`. */
export type JsonPath = (string | number)[];

/** Nesting up to which jsonc-parser's tree is safe on any thread (it overflows near 8,000 on a 1 MB stack). */
export const SAFE_DEPTH = 1000;

/** Does the text nest arrays and objects deeper than `limit`? One pass over the characters, strings and comments skipped. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < n && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** Names as jsonc-parser's printParseErrorCode gives them, so both paths share one set of messages. */
export type SyntaxErrorCode =
  | 'InvalidSymbol'
  | 'PropertyNameExpected'
  | 'ValueExpected'
  | 'ColonExpected'
  | 'CommaExpected'
  | 'CloseBraceExpected'
  | 'CloseBracketExpected'
  | 'EndOfFileExpected'
  | 'UnexpectedEndOfComment'
  | 'UnexpectedEndOfString'
  | 'UnexpectedEndOfNumber'
  | 'InvalidUnicode'
  | 'InvalidEscapeCharacter'
  | 'InvalidCharacter';

export interface SyntaxProblem {
  code: SyntaxErrorCode;
  /** Offset into the text where the problem is, refined into strings (see `refineStringError`). */
  offset: number;
}

/** Called at the start of every value with its path (mutated as the walk goes on: copy to keep) and, inside an
 * object, the offset of its property key. Return true to stop the walk. */
export type OnValue = (path: JsonPath, offset: number, keyOffset: number | undefined) => boolean | void;

// jsonc-parser's SyntaxKind and ScanError are `const enum`s, which a per-file transpiler cannot inline.
const K = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Colon: 6,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  LineComment: 12,
  BlockComment: 13,
  EOF: 17,
} as const;
const SCAN_ERRORS: (SyntaxErrorCode | null)[] = [
  null,
  'UnexpectedEndOfComment',
  'UnexpectedEndOfString',
  'UnexpectedEndOfNumber',
  'InvalidUnicode',
  'InvalidEscapeCharacter',
  'InvalidCharacter',
];

interface Frame {
  array: boolean;
  /** What the container waits for next. */
  expect: 'first' | 'value' | 'key' | 'colon' | 'separator';
}

export interface WalkResult {
  error: SyntaxProblem | null;
  /** The text as strict JSON (comments and trailing commas dropped), when asked for and there was no error. */
  strict?: string;
}

/**
 * Walks a JSON(C) text (comments and trailing commas allowed, like the rest of the reader) with an explicit stack.
 * Stops at the first syntax error, or when `onValue` returns true.
 */
export function walkJson(text: string, opts: { onValue?: OnValue; strict?: boolean } = {}): WalkResult {
  const scanner = createScanner(text, true);
  const stack: Frame[] = [];
  const path: JsonPath = [];
  const out: string[] | null = opts.strict ? [] : null;
  let pendingComma = false;
  let keyOffset: number | undefined;
  let done = false; // the top-level value is complete
  const fail = (code: SyntaxErrorCode, offset = scanner.getTokenOffset()): WalkResult => ({
    error: { code, offset: refineStringError(text, code, offset) },
  });

  for (;;) {
    const kind = scanner.scan();
    const scanError = SCAN_ERRORS[scanner.getTokenError()];
    if (scanError) return fail(scanError);
    if (kind === K.LineComment || kind === K.BlockComment) continue;
    const offset = scanner.getTokenOffset();
    const top = stack[stack.length - 1];

    if (kind === K.EOF) {
      if (!top) return done ? { error: null, strict: out?.join('') } : fail('ValueExpected');
      return fail(top.array ? 'CloseBracketExpected' : 'CloseBraceExpected');
    }
    if (done) return fail('EndOfFileExpected');

    // Closing a container: allowed first, after a value, or after a (trailing) comma.
    if (kind === K.CloseBracket || kind === K.CloseBrace) {
      const closesArray = kind === K.CloseBracket;
      if (!top) return fail('ValueExpected');
      if (top.array !== closesArray) return fail(top.array ? 'CloseBracketExpected' : 'CloseBraceExpected');
      if (top.expect === 'colon') return fail('ColonExpected');
      if (top.expect === 'value' && !top.array) return fail('ValueExpected');
      // A trailing comma is dropped from the strict text.
      pendingComma = false;
      out?.push(closesArray ? ']' : '}');
      stack.pop();
      if (top.expect !== 'first') path.pop();
      endValue();
      continue;
    }

    if (top && top.expect === 'separator') {
      if (kind !== K.Comma) return fail('CommaExpected');
      top.expect = top.array ? 'value' : 'key';
      pendingComma = true;
      if (top.array) path[path.length - 1] = (path[path.length - 1] as number) + 1;
      continue;
    }
    if (top && !top.array && (top.expect === 'first' || top.expect === 'key')) {
      if (kind !== K.String) return fail('PropertyNameExpected');
      flushComma();
      out?.push(text.slice(offset, offset + scanner.getTokenLength()));
      if (top.expect === 'key') path[path.length - 1] = scanner.getTokenValue();
      else path.push(scanner.getTokenValue());
      keyOffset = offset;
      top.expect = 'colon';
      continue;
    }
    if (top && top.expect === 'colon') {
      if (kind !== K.Colon) return fail('ColonExpected');
      out?.push(':');
      top.expect = 'value';
      continue;
    }

    // A value is expected here: at the top, first in an array, after a comma in an array, or after a colon.
    if (kind === K.Comma || kind === K.Colon) return fail('ValueExpected');
    if (top && top.array && top.expect === 'first') path.push(0);
    flushComma();
    if (opts.onValue?.(path, offset, top && !top.array ? keyOffset : undefined)) return { error: null };
    keyOffset = undefined;
    if (kind === K.OpenBracket || kind === K.OpenBrace) {
      out?.push(kind === K.OpenBracket ? '[' : '{');
      if (top) top.expect = 'separator';
      stack.push({ array: kind === K.OpenBracket, expect: 'first' });
      continue;
    }
    if (kind === K.String || kind === K.Number || kind === K.Null || kind === K.True || kind === K.False) {
      out?.push(text.slice(offset, offset + scanner.getTokenLength()));
      if (top) top.expect = 'separator';
      else done = true;
      continue;
    }
    return fail('InvalidSymbol');
  }

  function endValue(): void {
    const parent = stack[stack.length - 1];
    if (parent) parent.expect = 'separator';
    else done = true;
  }
  function flushComma(): void {
    if (pendingComma) out?.push(',');
    pendingComma = false;
  }
}

/**
 * Where inside a string the fault is. Parsers report a bad string at its opening quote; an editor user wants the
 * cursor on the control character, the bad escape or the broken `\u` itself.
 */
export function refineStringError(text: string, code: SyntaxErrorCode, offset: number): number {
  if (code !== 'InvalidCharacter' && code !== 'InvalidEscapeCharacter' && code !== 'InvalidUnicode') return offset;
  if (text.charCodeAt(offset) !== 0x22) return offset;
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) break;
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return code === 'InvalidUnicode' ? i : offset;
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
      else if (code === 'InvalidEscapeCharacter') return i;
      else i++;
    } else if (c < 0x20 && code === 'InvalidCharacter') return i;
  }
  return offset;
}
