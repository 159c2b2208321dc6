import { readFileSync, statSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Problem } from '../core/model';

export type ReadResult = { text: string } | { problem: Problem };

const SNIFF_BYTES = 8192;

/**
 * Reads a candidate recording, refusing what would hurt the run: oversized files (a 50 MB export would stall every
 * worker) and binary content (NUL bytes), each reported against the file instead of thrown.
 */
export async function readRecordingFile(file: string, displayPath: string, maxBytes: number): Promise<ReadResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return { problem: { file: displayPath, message: 'not a regular file', severity: 'error' } };
    if (info.size > maxBytes) {
      return {
        problem: {
          file: displayPath,
          severity: 'error',
          message: `file is ${formatMB(info.size)}, above the ${formatMB(maxBytes)} limit for one recording; skipped`,
        },
      };
    }
    const handle = await open(file, 'r');
    let buf: Buffer;
    try {
      buf = await handle.readFile();
    } finally {
      await handle.close();
    }
    const nul = buf.subarray(0, SNIFF_BYTES).indexOf(0);
    if (nul !== -1) {
      return { problem: { file: displayPath, severity: 'error', message: `binary content (NUL byte at offset ${nul}); not a JSON recording` } };
    }
    return { text: buf.toString('utf8') };
  } catch (err) {
    return { problem: { file: displayPath, severity: 'error', message: `could not read file: ${(err as Error).message}` } };
  }
}

/**
 * The same checks, blocking: for worker threads, where nothing else waits on the thread. Four awaited file-system
 * calls per file left a worker idle about 40% of the time at 10,000 small files (each hop goes through libuv's pool).
 */
export function readRecordingFileSync(file: string, displayPath: string, maxBytes: number): ReadResult {
  try {
    // stat before opening, as above: opening a FIFO would block the thread.
    const info = statSync(file);
    if (!info.isFile()) return { problem: { file: displayPath, message: 'not a regular file', severity: 'error' } };
    if (info.size > maxBytes) {
      return {
        problem: {
          file: displayPath,
          severity: 'error',
          message: `file is ${formatMB(info.size)}, above the ${formatMB(maxBytes)} limit for one recording; skipped`,
        },
      };
    }
    const buf = readFileSync(file);
    const nul = buf.subarray(0, SNIFF_BYTES).indexOf(0);
    if (nul !== -1) {
      return { problem: { file: displayPath, severity: 'error', message: `binary content (NUL byte at offset ${nul}); not a JSON recording` } };
    }
    return { text: buf.toString('utf8') };
  } catch (err) {
    return { problem: { file: displayPath, severity: 'error', message: `could not read file: ${(err as Error).message}` } };
  }
}

/** Reads only the head of a file, for the content sniff that decides whether it is a recording at all. */
export async function readHead(file: string, bytes = 4096): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
