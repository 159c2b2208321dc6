// One-time install of the offline workbench: code-server (VS Code web + server) and the Node 24 it requires,
// both from the npm registry, into .vscode-test/code-server with their own pinned manifest and lockfile.
// Idempotent: a second run compares the marker against the committed lockfile and returns in milliseconds.
//
// Why three npm steps instead of one `npm ci`: code-server's postinstall refuses to run unless npm itself runs
// under Node 24 (it reads npm_config_user_agent), and Node 24 only exists once the `node` package's own
// install script has run. So: fetch everything without scripts, materialise Node 24, then run the native
// builds (kerberos, spdlog, sqlite3, node-pty, ... via node-gyp, needing Debian's libkrb5-dev) under it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  CODE_SERVER_PACKAGE,
  INSTALL_MARKER,
  NODE24,
  NODE24_BIN_DIR,
  RUNTIME_MANIFEST_DIR,
  WORKBENCH_DIR,
} from './paths';

interface Marker {
  lockHash: string;
  codeServer: string;
  node: string;
}

function lockHash(): string {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) h.update(readFileSync(join(RUNTIME_MANIFEST_DIR, f)));
  return h.digest('hex');
}

function readMarker(): Marker | undefined {
  try {
    return JSON.parse(readFileSync(INSTALL_MARKER, 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

/** True when the installed workbench matches the committed lockfile. */
export function isWorkbenchInstalled(): boolean {
  const marker = readMarker();
  return (
    marker?.lockHash === lockHash() &&
    existsSync(NODE24) &&
    existsSync(join(CODE_SERVER_PACKAGE, 'lib', 'vscode', 'out'))
  );
}

function npm(args: string[], log: string, extraPath?: string): void {
  // Run from an npm script, we inherit npm_config_* from the outer npm (Node 20/22); the inner npm would read
  // them as its own config, including a user agent naming the wrong Node, which code-server's postinstall checks.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  if (extraPath) env.PATH = `${extraPath}:${env.PATH ?? ''}`;
  // node-gyp must never try to download headers (no network but the registry). Debian's Node headers are
  // enough: every native module code-server builds on Linux uses N-API, which is ABI-stable across majors.
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  const fd = openSync(log, 'a');
  const started = Date.now();
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--foreground-scripts'], {
    cwd: WORKBENCH_DIR,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (r.status !== 0) {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(
      `\`npm ${args.join(' ')}\` failed in ${WORKBENCH_DIR} (exit ${r.status}). Last lines of ${log}:\n${tail}\n` +
        'If a native build failed: the workbench needs Debian packages libkrb5-dev, python3, make and g++ (see .ci/run).',
    );
  }
  process.stdout.write(`  npm ${args.join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Installs the workbench unless the installed one already matches. Returns seconds spent (0 when skipped). */
export function ensureWorkbenchInstalled(): number {
  if (isWorkbenchInstalled()) return 0;
  const started = Date.now();
  process.stdout.write(
    `Installing the offline VS Code workbench into ${WORKBENCH_DIR} (one time, about 2-3 minutes)...\n`,
  );
  mkdirSync(WORKBENCH_DIR, { recursive: true });
  for (const f of ['package.json', 'package-lock.json'])
    copyFileSync(join(RUNTIME_MANIFEST_DIR, f), join(WORKBENCH_DIR, f));
  const log = join(WORKBENCH_DIR, 'install.log');
  writeFileSync(log, '');
  npm(['ci', '--ignore-scripts'], log);
  npm(['rebuild', 'node'], log);
  if (!existsSync(NODE24)) throw new Error(`The node@24 package did not produce ${NODE24}; see ${log}`);
  npm(['rebuild', 'code-server', 'argon2'], log, NODE24_BIN_DIR);
  const pkg = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
  const marker: Marker = {
    lockHash: lockHash(),
    codeServer: pkg(CODE_SERVER_PACKAGE),
    node: spawnSync(NODE24, ['--version'], { encoding: 'utf8' }).stdout.trim(),
  };
  writeFileSync(INSTALL_MARKER, JSON.stringify(marker, null, 2));
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `Installed code-server ${marker.codeServer} on Node ${marker.node} in ${seconds.toFixed(0)} s\n`,
  );
  return seconds;
}

if (process.argv[1] && /install\.ts$/.test(process.argv[1])) {
  try {
    if (ensureWorkbenchInstalled() === 0) {
      const m = readMarker();
      process.stdout.write(`Offline workbench already installed (code-server ${m?.codeServer}, Node ${m?.node}).\n`);
    }
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
