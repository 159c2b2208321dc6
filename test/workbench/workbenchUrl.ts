// The URL that opens code-server's workbench on a folder, optionally with an extension under development
// and an extension test runner. The payload is VS Code web's way of passing what desktop takes as CLI flags.
import type { CodeServer } from './codeServer';

export interface WorkbenchUrlOptions {
  /** Absolute path of the folder to open. */
  folder: string;
  /** Absolute path of the extension to load as under development (its package.json folder). */
  extensionDevelopmentPath?: string;
  /** Absolute path of the built test runner module (a file exporting run()) for the extension host to execute. */
  extensionTestsPath?: string;
}

export function workbenchUrl(server: Pick<CodeServer, 'url' | 'authority'>, opts: WorkbenchUrlOptions): string {
  const remote = (abs: string) => `vscode-remote://${server.authority}${abs}`;
  const payload: [string, string][] = [];
  if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)]);
  if (opts.extensionTestsPath) payload.push(['extensionTestsPath', remote(opts.extensionTestsPath)]);
  const url = `${server.url}/?folder=${encodeURIComponent(opts.folder)}`;
  // The workbench reads a payload only with the smoke-test driver on, i.e. only for extension tests.
  if (payload.length === 0) return url;
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  return `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
