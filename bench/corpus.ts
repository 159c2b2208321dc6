// The benchmark's synthetic corpus: generated once per size and seed in the temp folder, reused until removed.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus } from '../test-fixtures/generate';

export async function ensureCorpus(
  count: number,
  seed: number,
  stepShare?: [number, number],
): Promise<{ dir: string; megabytes: number }> {
  const dir = path.join(tmpdir(), `journey-lens-bench-${count}-${seed}${stepShare ? `-small` : ''}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${count} synthetic recordings in ${dir}…\n`);
    await generateCorpus({ count, seed, openShare: 0.2, stepShare, dir });
    writeFileSync(marker, '');
  }
  return { dir, megabytes: dirSize(dir) / 1e6 };
}

function dirSize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}
