// Reports are replaced, never overwritten in place: a run killed or failing mid-write must leave the previous report
// whole, and a reader (a browser reloading the page, a watcher) must never see half a file.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `content` to a temporary file in the target's own folder (a rename is atomic only within one file system),
 * flushes it to disk, then renames it over `file`. On any failure the temporary file is removed and `file` is left
 * as it was.
 */
export async function writeAtomically(file: string, content: string | Uint8Array): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content);
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
