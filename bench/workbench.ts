// `npm run bench:workbench` (and the end of `npm run bench`): the extension itself, in a real VS Code workbench
// (offline code-server), on the benchmark's 10,000-file corpus. bench/workbench/index.ts runs inside the extension host.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXTENSION_HOST_BUNDLE } from '../test/workbench/buildSuite';
import { extensionUnderTest } from '../test/workbench/extensionUnderTest';
import { runOffline } from '../test/workbench/runOffline';
import { ensureCorpus } from './corpus';

export async function benchInWorkbench(dir: string): Promise<number> {
  const out = mkdtempSync(path.join(tmpdir(), 'journey-lens-bench-host-'));
  try {
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'workbench', 'index.ts')],
      outfile: path.join(out, 'index.js'),
      ...EXTENSION_HOST_BUNDLE,
    });
    // The extension host inherits code-server's environment, which inherits ours.
    process.env.JOURNEY_LENS_BENCH_FOLDER = dir;
    return await runOffline({
      extensionDevelopmentPath: extensionUnderTest(),
      extensionTestsPath: path.join(out, 'index.js'),
      folder: dir,
      timeoutMs: 600_000,
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '10000' }, seed: { type: 'string', default: '7' } },
  });
  void ensureCorpus(Number(values.count), Number(values.seed))
    .then(({ dir }) => benchInWorkbench(dir))
    .then(
      (code) => process.exit(code),
      (e: Error) => {
        process.stderr.write(`${e.stack ?? e}\n`);
        process.exit(1);
      },
    );
}
