/**
 * The files an `events PATH` run reads: a folder's files (recursively, hidden folders and node_modules left out),
 * or one file plus the companion `users.csv` / `products.csv` beside it. Only their first bytes are read here,
 * for recognition; DuckDB reads the rest.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileHead } from '../../core/events/ingest/source';
import { companionKind } from '../../core/events/ingest/companions';

const HEAD_BYTES = 64 * 1024;

export async function readHead(file: string, display: string, fromFolder = false): Promise<FileHead> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(buffer, 0, buffer.length, 0);
    let text = buffer.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // A multi-byte character cut at the end of the buffer decodes to U+FFFD; drop the last partial line.
    if (buffer.length === HEAD_BYTES) text = text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
    return { path: file, display, text, magic: buffer.subarray(0, 4).toString('latin1'), bytes: size, fromFolder };
  } finally {
    await handle.close();
  }
}

export async function findEventFiles(target: string): Promise<{ root: string; files: FileHead[] }> {
  const abs = path.resolve(target);
  const info = await stat(abs);
  if (info.isDirectory()) {
    const found: string[] = [];
    await walk(abs, found);
    found.sort();
    return { root: abs, files: await Promise.all(found.map((f) => readHead(f, path.relative(abs, f), true))) };
  }
  const root = path.dirname(abs);
  const files = [await readHead(abs, path.basename(abs))];
  for (const name of await readdir(root)) {
    if (companionKind(name) && name !== path.basename(abs)) files.push(await readHead(path.join(root, name), name));
  }
  return { root, files };
}

async function walk(dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}
