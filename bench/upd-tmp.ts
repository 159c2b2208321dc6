import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { AnalysisSession } from '../src/node/analysisSession';
import { findCandidateFiles } from '../src/node/findRecordings';
import { withDefaults } from '../src/core/journeys/options';
const root = '/tmp/journey-lens-bench-10000-7';
async function main() {
  const s = new AnalysisSession(root, withDefaults({}), {}, true);
  const files = await findCandidateFiles(root);
  await s.analyze(files);
  const f = files[5000];
  copyFileSync(f, '/tmp/upd-backup.json');
  const out: string[] = [];
  for (const gap of [3000, 100, 6000, 6000]) {
    await new Promise((r) => setTimeout(r, gap));
    writeFileSync(f, readFileSync('/tmp/upd-backup.json', 'utf8').replace('"label": "', '"label": "Edited: '));
    const t = performance.now();
    await s.update({ changed: [f], deleted: [] });
    out.push(`${gap}:${(performance.now() - t).toFixed(0)}`);
  }
  console.log(process.version, out.join(' '));
  copyFileSync('/tmp/upd-backup.json', f);
  s.dispose();
}
void main();
