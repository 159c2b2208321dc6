// The floor: the least any analysis must do, read every file and JSON.parse it, on one thread.
import { readFileSync } from 'node:fs';
import { findCandidateFiles } from '../src/node/findRecordings';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const files = await findCandidateFiles(dir);
  const t0 = performance.now();
  let steps = 0;
  let bytes = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    bytes += text.length;
    const data = JSON.parse(text) as Record<string, { steps?: unknown[] }>;
    for (const chunk of Object.values(data)) steps += chunk.steps?.length ?? 0;
  }
  const ms = performance.now() - t0;
  process.stdout.write(
    JSON.stringify({ ms, files: files.length, bytes, steps, maxRssMB: process.resourceUsage().maxRSS / 1024 }),
  );
}
void main();
