/**
 * Names a cluster by its most distinctive features: the centroid's z-scores sorted by absolute value, the first
 * always (unless every |z| < 0.25: "typical"), the second when |z| ≥ 0.5, each as the word for its direction.
 * Names that would repeat get the next feature's word, then the cluster's number.
 */
import type { FeatureName } from './features';

const WORDS: Record<FeatureName, [high: string, low: string]> = {
  recency_days: ['lapsed', 'recent'],
  sessions: ['frequent', 'infrequent'],
  events: ['many events', 'few events'],
  monetary: ['high spend', 'low spend'],
  avg_session_minutes: ['long sessions', 'short sessions'],
  categories: ['broad interests', 'narrow interests'],
};

function word(feature: FeatureName, z: number): string {
  return WORDS[feature][z >= 0 ? 0 : 1];
}

/** `zCentroids[c][f]`: cluster c's centroid in standardised units. */
export function nameClusters(features: FeatureName[], zCentroids: number[][]): string[] {
  const ranked = zCentroids.map((z) =>
    features
      .map((f, i) => ({ f, z: z[i] }))
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || features.indexOf(a.f) - features.indexOf(b.f)),
  );
  const depth = ranked.map((r) =>
    r.length === 0 || Math.abs(r[0].z) < 0.25 ? 0 : r.length > 1 && Math.abs(r[1].z) >= 0.5 ? 2 : 1,
  );
  const name = (c: number) =>
    depth[c] === 0
      ? 'typical'
      : ranked[c]
          .slice(0, depth[c])
          .map((x) => word(x.f, x.z))
          .join(', ');
  const names = ranked.map((_, c) => name(c));
  for (let round = 0; round < features.length; round++) {
    const seen = new Map<string, number>();
    for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
    let again = false;
    names.forEach((n, c) => {
      if ((seen.get(n) ?? 0) > 1 && depth[c] > 0 && depth[c] < features.length) {
        depth[c]++;
        names[c] = name(c);
        again = true;
      }
    });
    if (!again) break;
  }
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return names.map((n, c) => ((counts.get(n) ?? 0) > 1 ? `${n} (${c + 1})` : n));
}
