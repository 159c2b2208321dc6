// Offline integration launcher: runs the bundled test/suite inside a real VS Code extension host (code-server's),
// driven by headless Chromium. The workbench reports the suite's result by calling window.codeAutomationExit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { ensureWorkbenchInstalled } from './install';
import { REPO_ROOT } from './paths';
import { workbenchUrl } from './workbenchUrl';

export interface OfflineRunOptions {
  extensionDevelopmentPath: string;
  /** Built runner module (dist-test/suite/index.js). */
  extensionTestsPath: string;
  folder: string;
  timeoutMs: number;
}

interface AutomationLogFile {
  relativePath: string;
  contents: string;
}

const LOGS_ROOT = join(REPO_ROOT, '.vscode-test', 'logs');

// The workbench's own log lines arrive through codeAutomationLog together with what the suite prints.
// Chatter from features we do not use is dropped; set JOURNEY_LENS_VERBOSE=1 to see everything.
const NOISE =
  /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)|^(Creating a socket|Resolving connection token|Resolved connection token|Updating additional builtin extensions cache|Ignoring fetching additional builtin extensions)/;
const verbose = !!process.env.JOURNEY_LENS_VERBOSE;

function forward(type: string, args: unknown[]): void {
  const text = format(...args);
  if (!verbose && NOISE.test(text)) return;
  if (type === 'error' || type === 'warn') process.stderr.write(`[workbench ${type}] ${text}\n`);
  else process.stdout.write(`${text}\n`);
}

/** Resolves with the exit code the suite reported (0 = all passed). */
export async function runOffline(opts: OfflineRunOptions): Promise<number> {
  ensureWorkbenchInstalled();
  const started = Date.now();
  const logDir = join(LOGS_ROOT, new Date(started).toISOString().replace(/[:.]/g, '-'));
  // Server and browser start independently; starting them together saves a second or two per run.
  const [serverResult, browserResult] = await Promise.allSettled([
    startCodeServer({
      env: {
        // Read by test/suite/index.ts inside the extension host, which inherits code-server's environment.
        JOURNEY_LENS_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
      },
    }),
    launchBrowser(),
  ]);
  if (serverResult.status === 'rejected' || browserResult.status === 'rejected') {
    if (serverResult.status === 'fulfilled') await serverResult.value.stop();
    if (browserResult.status === 'fulfilled') await browserResult.value.close();
    throw serverResult.status === 'rejected' ? serverResult.reason : (browserResult as PromiseRejectedResult).reason;
  }
  const server = serverResult.value;
  const browser = browserResult.value;
  const launchedIn = (Date.now() - started) / 1000;
  try {
    const { page } = browser;
    let reportExit!: (code: number) => void;
    const exitCode = new Promise<number>((r) => {
      reportExit = r;
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => forward(type, args));
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: AutomationLogFile[]) => {
      if (code !== 0 && logs?.length) {
        for (const l of logs) {
          const file = join(logDir, l.relativePath);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, l.contents);
        }
        process.stderr.write(`Workbench logs written to ${logDir}\n`);
      }
      reportExit(code);
    });
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    page.on('crash', () => reportExit(3));

    await page.goto(workbenchUrl(server, opts));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((r) => {
      timer = setTimeout(() => {
        process.stderr.write(
          `\nIntegration tests did not finish within ${opts.timeoutMs / 1000} s (set JOURNEY_LENS_TEST_TIMEOUT to change).\n` +
            'The extension host never reported an exit code: the suite may hang, or the extension failed to load.\n' +
            `Last code-server output:\n${server.output().split('\n').slice(-30).join('\n')}\n`,
        );
        r(2);
      }, opts.timeoutMs);
    });
    const code = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    process.stdout.write(
      `Integration run (offline workbench) finished with code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        ` (code-server + Chromium up in ${launchedIn.toFixed(1)} s)\n`,
    );
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}
