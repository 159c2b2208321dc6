// The floor of an event-log analysis: DuckDB alone loading the CSVs into tables (its own type sniffing, all
// threads), in a fresh process, nothing else. Prints one JSON line: { ms, rows, maxRssMB }.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { lit } from '../../src/core/events/sql';
import { openDuckDb } from '../../src/node/events/duckdbEngine';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const engine = await openDuckDb({ memoryLimit: '2GB' });
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  const t0 = performance.now();
  let rows = 0;
  for (const [i, f] of files.entries()) {
    await engine.run(`CREATE TABLE t${i} AS SELECT * FROM read_csv(${lit(path.join(dir, f))})`);
    const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM t${i}`);
    rows += n;
  }
  const ms = performance.now() - t0;
  await engine.close();
  process.stdout.write(JSON.stringify({ ms, rows, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}
void main();
