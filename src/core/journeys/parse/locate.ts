// Turns JSON paths into editor positions. Built only when there is something to point at: the fast path never parses a tree.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { nestsDeeperThan, SAFE_DEPTH, walkJson, type JsonPath } from './jsonScan';

export type { JsonPath };

export interface TextPosition {
  /** Offset into the text as given (a leading BOM counts). */
  offset: number;
  /** 1-based, as an editor shows it. */
  line: number;
  /** 1-based, in UTF-16 code units like VS Code's columns; a leading BOM is not counted. */
  column: number;
}

const BOM = '\uFEFF';
const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

/**
 * Where the value at `path` starts in a JSON(C) text, e.g. `[chunkKey, 'steps', 3]` for the fourth step of a chunk.
 * Null when the path does not exist. Tolerates comments, trailing commas and a BOM.
 */
export function locateJsonPath(text: string, path: JsonPath): TextPosition | null {
  return new JsonLocator(text).locate(path, 'value', false);
}

/** Lazily parsed tree and line table over one text, for locating many paths at the cost of a single parse. */
export class JsonLocator {
  private readonly body: string;
  private readonly shift: number;
  private root: Node | undefined | null = null;
  private lineStarts: number[] | null = null;
  /** Nested beyond SAFE_DEPTH: located by walking, never by a tree. Known once tree() ran. */
  private deep = false;

  constructor(text: string, root?: Node) {
    this.shift = text.startsWith(BOM) ? 1 : 0;
    this.body = this.shift ? text.slice(1) : text;
    if (root) this.root = root;
  }

  /**
   * The parsed tree, or undefined when the text has no JSON value at all, or nests too deeply for jsonc-parser's
   * recursive parser (then `locate` and `keysInTextOrder` walk the text iteratively instead).
   */
  tree(): Node | undefined {
    if (this.root === null) {
      this.deep = nestsDeeperThan(this.body, SAFE_DEPTH);
      try {
        this.root = this.deep ? undefined : parseTree(this.body, [], PARSE_OPTIONS);
      } catch {
        this.deep = true;
        this.root = undefined;
      }
    }
    return this.root;
  }

  /**
   * The position of the value (or of its property key) at `path`. With `nearest`, a missing path falls back to its
   * closest existing ancestor, so a message about a missing field still points at the object that lacks it.
   */
  locate(path: JsonPath, part: 'value' | 'key', nearest = true): TextPosition | null {
    const root = this.tree();
    if (this.deep) return this.locateByWalking(path, part, nearest);
    if (!root) return null;
    for (let len = path.length; len >= 0; len--) {
      const node = len === 0 ? root : findNodeAtLocation(root, path.slice(0, len));
      if (node) {
        const keyNode = part === 'key' && len === path.length ? node.parent?.children?.[0] : undefined;
        return this.position((keyNode ?? node).offset);
      }
      if (!nearest) return null;
    }
    return null;
  }

  /** Position of an offset into the BOM-less body. */
  position(bodyOffset: number): TextPosition {
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= bodyOffset) lo = mid;
      else hi = mid - 1;
    }
    return { offset: bodyOffset + this.shift, line: lo + 1, column: bodyOffset - starts[lo] + 1 };
  }

  /** Property keys of the object at `path` in text order (JSON.parse moves integer-like keys to the front). */
  keysInTextOrder(path: JsonPath): string[] | null {
    const root = this.tree();
    if (this.deep) {
      let isObject = false;
      const keys: string[] = [];
      walkJson(this.body, {
        onValue: (at, offset) => {
          if (at.length === path.length && samePrefix(at, path, path.length)) isObject = this.body[offset] === '{';
          else if (at.length === path.length + 1 && samePrefix(at, path, path.length))
            keys.push(String(at[path.length]));
        },
      });
      return isObject ? keys : null;
    }
    const node = root && (path.length ? findNodeAtLocation(root, path) : root);
    if (!node || node.type !== 'object') return null;
    return (node.children ?? []).map((prop) => String(prop.children?.[0]?.value));
  }

  /** One pass over the text for one path; only used on texts too deep for a tree, where problems are few. */
  private locateByWalking(path: JsonPath, part: 'value' | 'key', nearest: boolean): TextPosition | null {
    let best = -1;
    let bestLength = -1;
    walkJson(this.body, {
      onValue: (at, offset, keyOffset) => {
        if (at.length > path.length || at.length <= bestLength || !samePrefix(at, path, at.length)) return false;
        bestLength = at.length;
        best = part === 'key' && at.length === path.length && keyOffset !== undefined ? keyOffset : offset;
        return at.length === path.length;
      },
    });
    if (best === -1 || (!nearest && bestLength !== path.length)) return null;
    return this.position(best);
  }

  private lines(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.body;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

function samePrefix(a: JsonPath, b: JsonPath, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
