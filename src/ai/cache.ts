/**
 * On-disk cache of AI answers, one JSON file per cache key (journey content hash + model + prompt version + redaction).
 * Writes go to a temporary file that is renamed into place, so a crash or a second window never leaves half a file.
 * Only analyses are stored: never the request, never the key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export class AnswerCache {
  constructor(
    private readonly dir: string,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  fileFor(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  async get<T>(key: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileFor(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as { key?: string; value?: T };
      // The file name is a hash prefix: check the full key so a collision is a miss, not a wrong answer.
      return entry.key === key ? entry.value : undefined;
    } catch {
      this.log(`Ignoring an unreadable cache entry (${path.basename(this.fileFor(key))}).`);
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const file = this.fileFor(key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, JSON.stringify({ key, value }), 'utf8');
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {});
      // A cache that cannot be written costs a repeat request later, not this result.
      this.log(`Could not write the analysis cache: ${(e as Error).message}`);
    }
  }
}
