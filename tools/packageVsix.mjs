// npm run package [-- TARGET]: a platform-specific VSIX (vsce --target). Everything is bundled by esbuild except
// DuckDB, whose native binding (duckdb.node + libduckdb.so) differs per platform: the engine bundle
// (dist/eventsEngine.js) finds it in dist/node_modules, copied here from the installed packages.
// TARGET defaults to this machine's (linux-x64 here); other targets need their binding package installed first,
// e.g. `npm install --no-save --force @duckdb/node-bindings-darwin-arm64@<the version in package-lock.json>`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const target = process.argv[2] ?? `${process.platform}-${process.arch}`;
const KNOWN = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
if (!KNOWN.includes(target)) {
  console.error(`packageVsix: unknown target "${target}"; one of ${KNOWN.join(', ')}`);
  process.exit(2);
}
const binding = `@duckdb/node-bindings-${target}`;
const nodeModules = path.join(root, 'node_modules');
if (!existsSync(path.join(nodeModules, binding, 'package.json'))) {
  const version = JSON.parse(
    readFileSync(path.join(nodeModules, '@duckdb/node-bindings/package.json'), 'utf8'),
  ).version;
  console.error(
    `packageVsix: ${binding} is not installed, so a ${target} VSIX would have no DuckDB.\n` +
      `Install it first: npm install --no-save --force ${binding}@${version}`,
  );
  process.exit(1);
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
run(process.execPath, ['esbuild.mjs', '--production']);
const shipped = path.join(root, 'dist', 'node_modules');
rmSync(shipped, { recursive: true, force: true });
for (const pkg of ['@duckdb/node-api', '@duckdb/node-bindings', binding, 'detect-libc']) {
  const from = path.join(nodeModules, pkg);
  if (existsSync(from)) cpSync(from, path.join(shipped, pkg), { recursive: true, dereference: true });
}
run(path.join(nodeModules, '.bin', 'vsce'), [
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--target',
  target,
  '--out',
  `journey-lens-${target}.vsix`,
]);
