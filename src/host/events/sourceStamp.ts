/**
 * What a source's cache entry is keyed by: the path, size and modification time of every file an analysis of it
 * reads (a folder's files as eventFiles.ts walks them, or one file with its users.csv / products.csv beside it).
 * Any change to any of them gives another stamp, so a stale report is never answered from the cache.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { companionKind } from '../../core/events/ingest/companions';

export async function sourceFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (info.isDirectory()) {
    const out: string[] = [];
    await walk(target, out);
    return out.sort();
  }
  const dir = path.dirname(target);
  const companions = (await readdir(dir)).filter((n) => companionKind(n) && n !== path.basename(target));
  return [target, ...companions.sort().map((n) => path.join(dir, n))];
}

export async function sourceStamp(target: string): Promise<string> {
  const files = await sourceFiles(target);
  const parts = await Promise.all(
    files.map(async (f) => {
      const s = await stat(f);
      return `${f}\u0000${s.size}\u0000${s.mtimeMs}`;
    }),
  );
  return parts.join('\n');
}

/** Whether a changed file belongs to a source: inside its folder, or the file itself or a companion beside it. */
export function belongsTo(target: string, isFolder: boolean, file: string): boolean {
  if (isFolder) {
    const rel = path.relative(target, file);
    return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).some(hidden);
  }
  return (
    path.resolve(file) === path.resolve(target) ||
    (path.dirname(file) === path.dirname(target) && !!companionKind(path.basename(file)))
  );
}

const hidden = (part: string) => part.startsWith('.') || part === 'node_modules';

async function walk(dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (hidden(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}
