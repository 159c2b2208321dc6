/**
 * The analysed event sources, kept on disk (the extension's workspace storage) so a window reload brings back the
 * Event logs tree and the event dashboards at once, without analysing the logs again. An entry is used only while its
 * files still have the stamp it was built from; anything else (a changed file, another schema, a broken entry) is
 * dropped and said in the log, and the next Analyze Events analyses afresh.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomically } from '../../node/writeAtomically';
import type { EventsSource } from './eventsSources';

/** Bump when EventsSource or the report's schema changes: older entries are dropped, not misread. */
const STORE_VERSION = 1;
/** The most recently analysed sources kept; older entries are removed. */
const MAX_ENTRIES = 20;

interface StoredEntry {
  version: number;
  source: EventsSource;
}

export class EventsSourceStore {
  constructor(private readonly dir: string) {}

  private file(target: string): string {
    return path.join(this.dir, `${createHash('sha256').update(target).digest('hex').slice(0, 32)}.json`);
  }

  async save(source: EventsSource): Promise<void> {
    const entry: StoredEntry = { version: STORE_VERSION, source };
    await writeAtomically(this.file(source.target), JSON.stringify(entry));
    await this.prune();
  }

  async remove(target: string): Promise<void> {
    await rm(this.file(target), { force: true });
  }

  /** Every readable entry of this version; what cannot be read is removed and reported through `onDropped`. */
  async loadAll(onDropped: (file: string, why: string) => void): Promise<EventsSource[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: EventsSource[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const entry = JSON.parse(await readFile(file, 'utf8')) as Partial<StoredEntry>;
        if (entry.version !== STORE_VERSION || !entry.source || typeof entry.source.target !== 'string')
          throw new Error(`not a version-${STORE_VERSION} entry`);
        out.push(entry.source);
      } catch (err) {
        onDropped(file, (err as Error).message);
        await rm(file, { force: true });
      }
    }
    return out;
  }

  private async prune(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const dated = await Promise.all(
      names.map(async (n) => ({ n, t: (await stat(path.join(this.dir, n)).catch(() => null))?.mtimeMs ?? 0 })),
    );
    dated.sort((a, b) => b.t - a.t);
    for (const { n } of dated.slice(MAX_ENTRIES)) await rm(path.join(this.dir, n), { force: true });
  }
}
