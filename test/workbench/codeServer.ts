// Starts code-server (VS Code 1.139 server + web workbench) on 127.0.0.1 with throwaway state, for tests and `npm start`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, NODE24_BIN_DIR } from './paths';

export interface CodeServerOptions {
  /** Fixed port (npm start); tests leave it out and get a free one. */
  port?: number;
  /** Persistent user-data dir (npm start); tests get a fresh temp dir, removed on stop. */
  userDataDir?: string;
  /** Echo server output to this process's stderr as it arrives (otherwise it is kept for error messages). */
  echo?: boolean;
  /** Extra environment for the server and, through it, the extension host. */
  env?: Record<string, string>;
  /**
   * Enable VS Code's smoke-test driver (default true): needed for extension tests to report through
   * window.codeAutomationExit, but it also suppresses notification toasts, so UI tests and `npm start` turn it off.
   */
  automation?: boolean;
  /**
   * Extension folders to install by linking them into the fresh extensions dir (no .vsix, no copy).
   * The web workbench honours an extensionDevelopmentPath payload only with the smoke-test driver on,
   * so this is how UI tests and `npm start` load the extension.
   */
  installExtensions?: string[];
  /** Give up waiting for "HTTP server listening" after this many ms. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The remote authority the workbench uses in vscode-remote:// URIs. */
  readonly authority: string;
  readonly userDataDir: string;
  /** Settles with the exit code if the server process ends (on its own or after stop()). */
  readonly exited: Promise<number | null>;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

// Quiet, offline, deterministic: nothing that phones home, no tours, no AI side panels competing for focus.
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
};

function writeUserSettings(userDataDir: string): void {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(USER_SETTINGS, null, 2));
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const port = opts.port ?? (await freePort());
  const scratch = mkdtempSync(join(tmpdir(), 'journey-lens-code-server-'));
  const userDataDir = opts.userDataDir ?? join(scratch, 'user-data');
  writeUserSettings(userDataDir);
  const extensionsDir = join(scratch, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  for (const ext of opts.installExtensions ?? []) {
    const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8')) as {
      publisher: string;
      name: string;
      version: string;
    };
    symlinkSync(ext, join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  }
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--config',
    join(scratch, 'config.yaml'),
    '--ignore-last-opened',
  ];
  // Lets the page host window.codeAutomationExit / codeAutomationLog and the smoke-test driver.
  if (opts.automation !== false) args.push('--vscode-option', 'enable-smoke-test-driver');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The extension host and its children (worker threads, git) must run on the same Node 24.
    PATH: `${NODE24_BIN_DIR}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
    // An empty gallery turns the marketplace off: no requests to open-vsx.org from an offline machine.
    EXTENSIONS_GALLERY: '{}',
  };
  // npm scripts and tsx export these; the workbench must not inherit another Node's loader or settings.
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  Object.assign(env, opts.env);
  const child: ChildProcess = spawn(NODE24, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });

  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    if (opts.echo) process.stderr.write(d);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `code-server did not start listening on 127.0.0.1:${port} within ${startTimeoutMs / 1000} s. Output:\n${out}`,
          ),
        ),
      startTimeoutMs,
    );
    const check = () => {
      if (/HTTP server listening on/.test(out)) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with code ${code} before listening. Output:\n${out}`));
    });
  });

  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    authority: `127.0.0.1:${port}`,
    userDataDir,
    exited,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
