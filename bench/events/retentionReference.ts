/**
 * Our retention against pandas (bench/events/pandas_retention.py) on the generated shop's events, for day, week
 * and month cohorts: every cohort's size and every share must agree. A bench: it needs Debian's python3-pandas.
 * node_modules/.bin/node --import tsx bench/events/retentionReference.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeRetention } from '../../src/core/events/analyses';
import { lit } from '../../src/core/events/sql';
import type { RetentionPeriod, RetentionReport } from '../../src/core/events/types';
import { openDuckDb } from '../../src/node/events/duckdbEngine';
import { buildCanonicalShop } from './canonicalShop';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

async function main(): Promise<void> {
  const engine = await openDuckDb();
  const info = await buildCanonicalShop(engine, Number(process.argv[2] ?? 3000));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jl-retention-'));
  const file = path.join(dir, 'events.csv');
  let failed = false;
  try {
    await engine.run(
      `COPY (SELECT user_id, strftime(ts, '%Y-%m-%dT%H:%M:%S') AS ts FROM events) TO ${lit(file)} (HEADER)`,
    );
    for (const period of ['day', 'week', 'month'] as RetentionPeriod[]) {
      const ours = (await computeRetention(engine, info, { period })).report as RetentionReport;
      const ref = JSON.parse(
        execFileSync(PYTHON, [path.join(__dirname, 'pandas_retention.py'), file, period], {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        }),
      ) as RetentionReport['cohorts'];
      let worst = 0;
      let mismatch = ours.cohorts.length !== ref.length ? `cohorts ${ours.cohorts.length} vs ${ref.length}` : '';
      ours.cohorts.forEach((c, i) => {
        const r = ref[i];
        if (!r || r.cohort !== c.cohort || r.size !== c.size || r.retained.length !== c.retained.length)
          mismatch ||= `cohort ${c.cohort}: ${JSON.stringify(r && { cohort: r.cohort, size: r.size, width: r.retained.length })} vs ${c.size}/${c.retained.length}`;
        else c.retained.forEach((v, m) => (worst = Math.max(worst, Math.abs(v - r.retained[m]))));
      });
      failed ||= Boolean(mismatch) || worst > 1e-12;
      console.log(
        `${period}: ${ours.cohorts.length} cohorts, ${ours.cohorts.reduce((a, c) => a + c.retained.length, 0)} shares; ${mismatch || `largest difference ${worst}`}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await engine.close();
  }
  process.exitCode = failed ? 1 : 0;
}
void main();
