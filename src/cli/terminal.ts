// What the CLI sends to a terminal. Text from the analysed files (file names, labels, messages) is shown escaped, so a
// name holding an escape sequence cannot retitle, recolour or clear the user's terminal; and a closed or full
// standard output ends the run with one line, not a stack trace.

/**
 * C0 and C1 controls, DEL, and the invisible direction and line-separator marks that can make a printed line read
 * differently from what it holds (the "Trojan Source" characters).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as an escape (`\x1b`, `\u202e`), visible and inert. */
export function safe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface OutputGuard {
  /** The first error writing to standard output, or null while every write went through. */
  readonly failure: NodeJS.ErrnoException | null;
  /**
   * The exit code to end with. A reader that closed the pipe (`| head`) took what it wanted: the run's own code stands.
   * Any other write failure (ENOSPC on `> /dev/full`) means the summary was lost: said on stderr, and at least 1.
   */
  exitCode(code: number): number;
}

/**
 * Catches write errors on stdout and stderr. Node reports them as 'error' events on the stream, which end the process
 * with an uncaught-exception trace when nobody listens. After the first failure further output is dropped by the
 * stream itself (it is destroyed), which is what we want: the reports on disk are already written.
 */
export function guardOutput(): OutputGuard {
  let failure: NodeJS.ErrnoException | null = null;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    failure ??= err;
  });
  // Nowhere left to say anything: a failing stderr is ignored.
  process.stderr.on('error', () => undefined);
  return {
    get failure() {
      return failure;
    },
    exitCode(code) {
      if (!failure || failure.code === 'EPIPE') return code;
      const why =
        failure.code && !failure.message.startsWith(failure.code)
          ? `${failure.code}: ${failure.message}`
          : failure.message;
      process.stderr.write(`journey-lens: could not write to standard output (${safe(why)})\n`);
      return code === 0 ? 1 : code;
    },
  };
}
