// The resident memory of a process and all its descendants, read from /proc (Linux; 0 elsewhere), in KiB.
import { readFileSync } from 'node:fs';

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function childrenOf(pid: number): number[] {
  // /proc/PID/task/TID/children lists each thread's children; a process's threads share one list in practice.
  return read(`/proc/${pid}/task/${pid}/children`).split(/\s+/).filter(Boolean).map(Number);
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

export function rssOfTree(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    total += rssOf(p);
    stack.push(...childrenOf(p));
  }
  return total;
}
