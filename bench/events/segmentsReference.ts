/**
 * Our K-means against scikit-learn's on the same standardised features of the generated shop (12,000 users):
 * inertia within 1%, matching cluster sizes, adjusted Rand index, silhouette. A bench, not a unit test: it needs
 * Debian's python3-sklearn and takes seconds.
 * node_modules/.bin/node --import tsx bench/events/segmentsReference.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { standardise } from '../../src/core/events/segments';
import { userFeatures } from '../../src/core/events/segments/features';
import { kmeans } from '../../src/core/events/segments/kmeans';
import { SilhouetteSample } from '../../src/core/events/segments/silhouette';
import { openDuckDb } from '../../src/node/events/duckdbEngine';
import { buildCanonicalShop } from './canonicalShop';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

async function main(): Promise<void> {
  const engine = await openDuckDb();
  const info = await buildCanonicalShop(engine);
  const table = await userFeatures(engine, info);
  await engine.close();
  const z = standardise(table);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jl-segments-'));
  const sample = new SilhouetteSample(z.data, z.n, z.d, 5000, 0);
  let failed = false;
  try {
    for (const k of [2, 3, 4, 5, 6, 8]) {
      const ours = kmeans(z.data, z.n, z.d, k, { seed: 0 });
      const lines = [[...table.features, 'cluster'].join(',')];
      for (let i = 0; i < z.n; i++) lines.push([...z.data.subarray(i * z.d, i * z.d + z.d), ours.labels[i]].join(','));
      const file = path.join(dir, `features-k${k}.csv`);
      writeFileSync(file, lines.join('\n') + '\n');
      const ref = JSON.parse(
        execFileSync(PYTHON, [path.join(__dirname, 'sklearn_segments.py'), file, String(k)], { encoding: 'utf8' }),
      ) as {
        inertia: number;
        silhouette: number;
        sizes: number[];
        ari: number;
      };
      const sizes = Array.from({ length: k }, (_, c) => ours.labels.filter((l) => l === c).length).sort(
        (a, b) => b - a,
      );
      const gap = (ours.inertia - ref.inertia) / ref.inertia;
      const ok = Math.abs(gap) <= 0.01;
      failed ||= !ok;
      console.log(
        `k=${k}: inertia ours ${ours.inertia.toFixed(1)} sklearn ${ref.inertia.toFixed(1)} (${(gap * 100).toFixed(3)}%) ${ok ? 'ok' : 'OVER 1%'}; ` +
          `ARI ${ref.ari.toFixed(4)}; silhouette ours ${sample.score(ours.labels, k).toFixed(4)} sklearn ${ref.silhouette.toFixed(4)}; ` +
          `sizes ours ${sizes.join('/')} sklearn ${ref.sizes.join('/')}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}
void main();
