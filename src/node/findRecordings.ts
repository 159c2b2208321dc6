import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test']);
const CANDIDATE = /\.jsonc?$/i;

/** Candidate recording files under a folder: JSON files outside build and dependency folders, sorted for stable ids. */
export async function findCandidateFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) await walk(full);
        } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
          found.push(full);
        }
      }),
    );
  }
  await walk(root);
  return found.sort();
}

/** Journey ids are paths relative to the analysed root with forward slashes, the same on every OS. */
export function relativeId(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
