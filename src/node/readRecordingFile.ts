import { readFileSync, statSync } from 'node:fs';
import type { Problem } from '../core/journeys/types';

export type ReadResult = { text: string } | { problem: Problem };

const SNIFF_BYTES = 8192;

/**
 * Reads a candidate recording, refusing what would hurt the run: oversized files (a 50 MB export would stall every
 * worker) and binary content (NUL bytes), each reported against the file instead of thrown.
 * Blocking on purpose: it runs only in worker threads, where nothing else waits on the thread, and four awaited
 * file-system calls per file left a worker idle about 40% of the time at 10,000 small files.
 */
export function readRecordingFile(file: string, displayPath: string, maxBytes: number): ReadResult {
  try {
    // stat before opening: opening a FIFO would block the thread.
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
      return {
        problem: {
          file: displayPath,
          severity: 'error',
          message: `binary content (NUL byte at offset ${nul}); not a JSON recording`,
        },
      };
    }
    return { text: buf.toString('utf8') };
  } catch (err) {
    return {
      problem: { file: displayPath, severity: 'error', message: `could not read file: ${(err as Error).message}` },
    };
  }
}

function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
