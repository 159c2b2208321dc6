// `npm start`: try Journey Lens without installing VS Code. Starts code-server (VS Code in the browser) with the
// freshly built extension loaded on the sample recordings, prints the URL, and runs until Ctrl+C.
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startCodeServer, freePort } from './codeServer';
import { extensionUnderTest } from './extensionUnderTest';
import { ensureWorkbenchInstalled } from './install';
import { defaultWorkspaceFolder, REPO_ROOT } from './paths';
import { workbenchUrl } from './workbenchUrl';

async function portOrFree(preferred: number): Promise<number> {
  return new Promise((resolvePort) => {
    const srv = createServer();
    srv.once('error', () => void freePort().then(resolvePort));
    srv.listen(preferred, '127.0.0.1', () => srv.close(() => resolvePort(preferred)));
  });
}

async function main(): Promise<void> {
  ensureWorkbenchInstalled();
  const folder = process.argv[2] ? resolve(process.argv[2]) : defaultWorkspaceFolder();
  const port = await portOrFree(Number(process.env.JOURNEY_LENS_PORT ?? 8123));
  const server = await startCodeServer({
    port,
    // Kept between runs so settings (and a stored API key) survive a restart; delete the folder to reset.
    userDataDir: join(REPO_ROOT, '.vscode-test', 'start-user-data'),
    echo: !!process.env.JOURNEY_LENS_VERBOSE,
    automation: false,
    installExtensions: [extensionUnderTest()],
  });
  const url = workbenchUrl(server, { folder });
  process.stdout.write(
    `\nJourney Lens is running in VS Code (code-server) on ${folder}\n\n  Open: ${url}\n\n` +
      'Right-click a folder in the Explorer and pick "Analyze Journeys", or open the Journey Lens view.\n' +
      'Press Ctrl+C to stop.\n',
  );
  let stopping = false;
  const stop = () => {
    stopping = true;
    process.stdout.write('\nStopping code-server...\n');
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await server.exited;
  if (stopping) return;
  process.stderr.write(`code-server stopped unexpectedly (exit ${code}). Its output:\n${server.output()}\n`);
  process.exit(1);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
