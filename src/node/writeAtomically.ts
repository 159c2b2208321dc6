// Reports are replaced, never overwritten in place: a run killed or failing mid-write must leave the previous report
// whole, and a reader (a browser reloading the page, a watcher) must never see half a file.
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Pieces are gathered up to this size before each write: one syscall per journey would cost more than the text. */
const WRITE_BATCH_BYTES = 1 << 20;

/** Text, or bytes already encoded as UTF-8 (a journey's steps, encoded on the thread that parsed it). */
export type Piece = string | Uint8Array;

/**
 * Writes `content` to a temporary file in the target's own folder (a rename is atomic only within one file system),
 * flushes it to disk, then renames it over `file`. On any failure the temporary file is removed and `file` is left
 * as it was.
 *
 * `content` may be pieces (`Iterable`/`AsyncIterable` of text or UTF-8 bytes, e.g. `reportJsonChunks`): they are
 * written as they come, so a report of hundreds of MB is never one string in memory.
 */
export async function writeAtomically(
  file: string,
  content: string | Uint8Array | Iterable<Piece> | AsyncIterable<Piece>,
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

/**
 * Runs of text are joined and encoded once; bytes go out as they are, in one `writev` with the text around them.
 * `writev` may write short, so the rest is written until nothing is left.
 */
async function writePieces(handle: FileHandle, pieces: Iterable<Piece> | AsyncIterable<Piece>): Promise<void> {
  let batch: Uint8Array[] = [];
  let text: string[] = [];
  let size = 0;
  const endText = () => {
    if (!text.length) return;
    batch.push(Buffer.from(text.join('')));
    text = [];
  };
  for await (const piece of pieces) {
    if (typeof piece === 'string') text.push(piece);
    else {
      endText();
      batch.push(piece);
    }
    size += piece.length;
    if (size >= WRITE_BATCH_BYTES) {
      endText();
      await writeAll(handle, batch);
      batch = [];
      size = 0;
    }
  }
  endText();
  if (batch.length) await writeAll(handle, batch);
}

async function writeAll(handle: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let rest = buffers;
  while (rest.length) {
    let { bytesWritten } = await handle.writev(rest);
    let k = 0;
    while (k < rest.length && bytesWritten >= rest[k].byteLength) bytesWritten -= rest[k++].byteLength;
    rest = rest.slice(k);
    if (bytesWritten > 0) rest[0] = rest[0].subarray(bytesWritten);
  }
}
