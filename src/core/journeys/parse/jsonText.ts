// Text → JSON value. Native JSON.parse first (most files are plain JSON and it is the fastest parser there is);
// jsonc-parser only when that fails, to accept comments and trailing commas and to locate real syntax errors.
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { nestsDeeperThan, refineStringError, SAFE_DEPTH, walkJson, type SyntaxErrorCode } from './jsonScan';
import { JsonLocator } from './locate';

export type JsonRead =
  { ok: true; value: unknown; locator: JsonLocator } | { ok: false; message: string; line?: number; column?: number };

const BOM = '\uFEFF';

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

export function readJsonText(text: string): JsonRead {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  try {
    const value: unknown = JSON.parse(body);
    return { ok: true, value, locator: new JsonLocator(text) };
  } catch {
    return readSlowly(text, body);
  }
}

function readSlowly(text: string, body: string): JsonRead {
  if (body.trim() === '') return { ok: false, message: 'empty file: no JSON content' };
  const binaryAt = binaryOffset(body);
  if (binaryAt !== -1)
    return { ok: false, message: `binary content (control byte at offset ${binaryAt}); not a JSON recording` };
  if (nestsDeeperThan(body, SAFE_DEPTH)) return readDeep(text, body);
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false });
  } catch {
    // Not expected below SAFE_DEPTH; if it ever happens, the iterative reader still finds the fault.
    return readDeep(text, body);
  }
  const locator = new JsonLocator(text, root);
  if (errors.length > 0 || !root) {
    // Only the first error is reported: the rest are usually the parser recovering from it.
    const first = errors[0];
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    const offset = first ? refineStringError(body, code as SyntaxErrorCode, first.offset) : 0;
    return syntaxError(locator, code, offset);
  }
  // getNodeValue builds objects with a null prototype, so a "__proto__" key stays an ordinary own key instead of
  // replacing the object's prototype (jsonc-parser's parse() assigns keys and would).
  try {
    return { ok: true, value: getNodeValue(root), locator };
  } catch {
    return readDeep(text, body);
  }
}

/**
 * Nesting too deep for jsonc-parser's recursive parser: the iterative walk locates the first fault at any depth, or
 * hands JSON.parse (iterative, and safe with "__proto__" keys) the text without its comments and trailing commas.
 */
function readDeep(text: string, body: string): JsonRead {
  const walked = walkJson(body, { strict: true });
  const locator = new JsonLocator(text);
  if (walked.error) return syntaxError(locator, walked.error.code, walked.error.offset);
  try {
    return { ok: true, value: JSON.parse(walked.strict ?? '') as unknown, locator };
  } catch (err) {
    return { ok: false, message: `JSON could not be read (${(err as Error).message}); file skipped` };
  }
}

function syntaxError(locator: JsonLocator, code: string, bodyOffset: number): JsonRead {
  const where = locator.position(bodyOffset);
  return {
    ok: false,
    message: `JSON syntax error: ${SYNTAX_MESSAGES[code] ?? code}; file skipped`,
    line: where.line,
    column: where.column,
  };
}

/**
 * Offset of the first control character when the head of the text looks binary: any NUL, or more than a handful of
 * other control characters (one stray control character in a string is a syntax error worth locating instead).
 */
function binaryOffset(body: string): number {
  const end = Math.min(body.length, 8192);
  let first = -1;
  let count = 0;
  for (let i = 0; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c === 0) return i;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) {
      if (first === -1) first = i;
      if (++count > 8) return first;
    }
  }
  return -1;
}
