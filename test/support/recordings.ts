import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, realRecordingsDir } from './paths';

/** The real recordings when present, else the project's sample; `upgrades/…` and `cancellations/…` either way. */
export function recordingSources(): { relPath: string; text: string }[] {
  const dir = realRecordingsDir() ?? path.resolve(REPO_ROOT, 'test-fixtures/sample');
  return ['upgrades', 'cancellations'].flatMap((sub) =>
    readdirSync(path.join(dir, sub))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ relPath: `${sub}/${f}`, text: readFileSync(path.join(dir, sub, f), 'utf8') })),
  );
}
