import * as vscode from 'vscode';

/**
 * The "Journey Lens" log channel. A LogOutputChannel so users can raise the level (Developer: Set Log Level) and
 * VS Code writes it to the log folder for bug reports. Nothing secret is ever passed to it.
 */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Journey Lens', { log: true });
}

/** Error text for a log line or a message: stack-free, one line. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function isCancellation(err: unknown): boolean {
  return (
    err instanceof vscode.CancellationError ||
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'Canceled'))
  );
}
