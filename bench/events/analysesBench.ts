/**
 * Times the four analyses (paths, retention, segments, LTV) on a generated canonical shop log of ~1.9M events and
 * 12,000 users in an in-process DuckDB, and our K-means against ml-kmeans on the same 12,000 × 6 features.
 * node_modules/.bin/node --import tsx bench/events/analysesBench.ts [label filter]
 */
import { kmeans as mlKmeans } from 'ml-kmeans';
import { computeLtv, computePaths, computeRetention, computeSegments } from '../../src/core/events/analyses';
import { standardise } from '../../src/core/events/segments';
import { userFeatures } from '../../src/core/events/segments/features';
import { kmeans } from '../../src/core/events/segments/kmeans';
import { openDuckDb } from '../../src/node/events/duckdbEngine';
import { buildCanonicalShop } from './canonicalShop';

// an optional argument keeps only the lines whose label contains it (e.g. `paths`)
const only = process.argv[2];

async function timed<T>(label: string, f: () => Promise<T> | T, describe: (r: T) => string = () => ''): Promise<T> {
  if (only && !label.includes(only) && !label.startsWith('build') && !label.startsWith('segments:'))
    return undefined as T;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await f();
  const cpu = process.cpuUsage(cpu0);
  // CPU is every thread's (DuckDB uses both cores): wall ≈ CPU / 2 on an idle machine for the SQL parts
  console.log(
    `${label.padEnd(44)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms wall ${((cpu.user + cpu.system) / 1000).toFixed(0).padStart(6)} ms CPU  ${describe(r)}`,
  );
  return r;
}

async function main(): Promise<void> {
  const engine = await openDuckDb();
  const info = await timed('build canonical tables', () => buildCanonicalShop(engine));
  const [c] = await engine.all<{ events: number; users: number; sessions: number }>(
    'SELECT count(*) AS events, count(DISTINCT user_id) AS users, count(DISTINCT session_id) AS sessions FROM events',
  );
  console.log(
    `data: ${c.events} events, ${c.users} users, ${c.sessions} sessions, ${info.timeRange?.from} … ${info.timeRange?.to}`,
  );

  await timed(
    'paths (user)',
    () => computePaths(engine, info),
    (r) => `${r.report?.pages.length} pages, mean length ${r.report?.length.mean.toFixed(1)}`,
  );
  await timed(
    'paths (session)',
    () => computePaths(engine, info, { unit: 'session' }),
    (r) => `${r.report?.units} sessions`,
  );
  await timed(
    'paths (user, by users.segment)',
    () => computePaths(engine, info, { by: 'segment' }),
    (r) => `${r.report?.byGroup?.groups.length} groups`,
  );
  await timed(
    'paths (user, --drop-pages ^/bye$)',
    () => computePaths(engine, info, { dropPages: '^/bye$' }),
    (r) => `${r.report?.transitions[0]?.from} → ${r.report?.transitions[0]?.to}`,
  );
  await timed(
    'retention (month)',
    () => computeRetention(engine, info),
    (r) => `${r.report?.cohorts.length} cohorts`,
  );
  await timed(
    'retention (week)',
    () => computeRetention(engine, info, { period: 'week' }),
    (r) => `${r.report?.cohorts.length} cohorts`,
  );
  await timed(
    'retention (day)',
    () => computeRetention(engine, info, { period: 'day' }),
    (r) => `${r.report?.cohorts.length} cohorts`,
  );
  await timed(
    'retention (month, registration_date)',
    () => computeRetention(engine, info, { cohortBy: 'registration_date' }),
    (r) => `${r.report?.cohorts.length} cohorts`,
  );
  await timed(
    'segments (k = 4)',
    () => computeSegments(engine, info, { k: 4 }),
    (r) => `silhouette ${r.report?.silhouette.toFixed(3)}, sizes ${r.report?.clusters.map((x) => x.size).join('/')}`,
  );
  await timed(
    'segments (k by silhouette over 2–8)',
    () => computeSegments(engine, info),
    (r) => `k ${r.report?.k}, silhouette ${r.report?.silhouette.toFixed(3)}`,
  );
  await timed(
    'ltv (top 10)',
    () => computeLtv(engine, info),
    (r) => `weeks ${r.report?.weeks.toFixed(1)}, top ${r.report?.top[0]?.ltv}`,
  );

  // K-means alone: ours against ml-kmeans, both k-means++ with 10 restarts, on the same standardised features
  const table = await timed(
    'segments: feature table (SQL)',
    () => userFeatures(engine, info),
    (t) => `${t.userIds.length} × ${t.features.length}`,
  );
  const z = await timed('segments: standardise', () => standardise(table));
  for (const k of [4, 8]) {
    const ours = await timed(
      `kmeans ours k=${k}, 10 inits`,
      () => kmeans(z.data, z.n, z.d, k, { seed: 0 }),
      (r) => `inertia ${r.inertia.toFixed(1)}`,
    );
    const rows = Array.from({ length: z.n }, (_, i) => Array.from(z.data.subarray(i * z.d, i * z.d + z.d)));
    await timed(
      `kmeans ml-kmeans k=${k}, 10 seeded runs`,
      () => {
        let best = Infinity;
        for (let seed = 0; seed < 10; seed++) {
          const r = mlKmeans(rows, k, { initialization: 'kmeans++', seed, maxIterations: 300 });
          let inertia = 0;
          r.clusters.forEach((c, i) => (inertia += r.centroids[c].reduce((s, v, j) => s + (v - rows[i][j]) ** 2, 0)));
          best = Math.min(best, inertia);
        }
        return best;
      },
      (best) => `inertia ${best.toFixed(1)} (ours ${ours?.inertia.toFixed(1)})`,
    );
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await engine.close();
}
void main();
