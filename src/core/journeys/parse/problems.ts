// Collects what is wrong with a file by JSON path while it is read, and locates it only at the end, so a clean file
// never pays for a syntax tree.
import type { Problem } from '../types';
import type { JsonLocator, JsonPath } from './locate';

/** Located messages beyond this many per file are summarised: one broken generator can repeat a fault thousands of times. */
export const MAX_LOCATED_PROBLEMS = 25;

interface PendingProblem {
  path: JsonPath;
  /** Point at the property key rather than its value (e.g. a `__proto__` chunk key). */
  part: 'value' | 'key';
  message: string;
  severity: Problem['severity'];
}

export class ProblemLog {
  private readonly pending: PendingProblem[] = [];
  private dropped = 0;

  warn(path: JsonPath, message: string, part: 'value' | 'key' = 'value'): void {
    this.add({ path, part, message, severity: 'warning' });
  }

  error(path: JsonPath, message: string, part: 'value' | 'key' = 'value'): void {
    this.add({ path, part, message, severity: 'error' });
  }

  get hasErrors(): boolean {
    return this.pending.some((p) => p.severity === 'error');
  }

  /** Problems with line and column, in the order they were found. */
  resolve(file: string, locator: JsonLocator): Problem[] {
    const out: Problem[] = this.pending.map((p) => {
      const at = locator.locate(p.path, p.part);
      return at
        ? { file, message: p.message, line: at.line, column: at.column, severity: p.severity }
        : { file, message: p.message, severity: p.severity };
    });
    if (this.dropped > 0) {
      out.push({
        file,
        severity: 'warning',
        message: `${this.dropped} more problem${this.dropped === 1 ? '' : 's'} in this file not listed`,
      });
    }
    return out;
  }

  private add(p: PendingProblem): void {
    if (this.pending.length < MAX_LOCATED_PROBLEMS || p.severity === 'error') this.pending.push(p);
    else this.dropped++;
  }
}
