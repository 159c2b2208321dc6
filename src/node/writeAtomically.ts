// Reports are replaced, never overwritten in place: a run killed or failing mid-write must leave the previous report
// whole, and a reader (a browser reloading the page, a watcher) must never see half a file.
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Pieces are gathered up to this size before each write: one syscall per journey would cost more than the text. */
const WRITE_BATCH_CHARS = 1 << 20;

/**
 * Writes `content` to a temporary file in the target's own folder (a rename is atomic only within one file system),
 * flushes it to disk, then renames it over `file`. On any failure the temporary file is removed and `file` is left
 * as it was.
 *
 * `content` may be pieces of text (`Iterable`/`AsyncIterable<string>`, e.g. `reportJsonChunks`): they are written as
 * they come, so a report of hundreds of MB is never one string in memory.
 */
export async function writeAtomically(
  file: string,
  content: string | Uint8Array | Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const handle = await open(tmp, 'w');
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await handle.writeFile(content);
      else await writePieces(handle, content);
      // Without the flush a power cut after the rename can leave the new name pointing at an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** `writeFile` on a handle writes from its current position and, unlike `write`, never stops short. */
async function writePieces(handle: FileHandle, pieces: Iterable<string> | AsyncIterable<string>): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for await (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= WRITE_BATCH_CHARS) {
      await handle.writeFile(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (size) await handle.writeFile(batch.join(''));
}
