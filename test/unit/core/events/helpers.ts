/** Small hand-made logs on disk, loaded through the real ingest into a real in-process DuckDB. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SqlEngine } from '../../../../src/core/events/engine';
import { ingest, type IngestResult } from '../../../../src/core/events/ingest/ingest';
import { eventsDefaults, type EventsOptions } from '../../../../src/core/events/options';
import { openDuckDb } from '../../../../src/node/events/duckdbEngine';
import { findEventFiles } from '../../../../src/node/events/eventFiles';

export const REPO = path.resolve(__dirname, '../../../..');

/** `journey-lens events ARGS` from the sources, in a child process as a user runs it; its exit code and output. */
export function runEventsCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'src/cli/main.ts'), 'events', ...args],
      { cwd: REPO, maxBuffer: 1 << 26, env: { ...process.env, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** ../shared/real-events from the repo root (a worktree sits one level deeper, so its parent's parent is tried too). */
export const REAL_EVENTS =
  [path.resolve(REPO, '../shared/real-events'), path.resolve(REPO, '../../shared/real-events')].find((p) =>
    existsSync(p),
  ) ?? path.resolve(REPO, '../shared/real-events');

export interface Loaded extends IngestResult {
  engine: SqlEngine;
  dir: string;
  progress: string[];
}

const opened: { engine: SqlEngine; dir: string }[] = [];

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-events-'));
  opened.push({ engine: { close: async () => {} } as unknown as SqlEngine, dir });
  return dir;
}

/** Writes `files` (name → content) into a fresh folder and ingests the folder (or `target` inside it). */
export async function load(
  files: Record<string, string>,
  options: Partial<EventsOptions> = {},
  target?: string,
): Promise<Loaded> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jl-events-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return loadPath(target ? path.join(dir, target) : dir, options, dir);
}

export async function loadPath(
  target: string,
  options: Partial<EventsOptions> = {},
  dir = '',
  tuning: { direct?: boolean } = {},
): Promise<Loaded> {
  const engine = await openDuckDb();
  opened.push({ engine, dir });
  const { files } = await findEventFiles(target);
  const progress: string[] = [];
  const result = await ingest(engine, files, eventsDefaults(options), (t) => progress.push(t), tuning);
  return { ...result, engine, dir, progress };
}

export async function cleanup(): Promise<void> {
  for (const { engine, dir } of opened.splice(0)) {
    await engine.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** `user,event,ts` rows → a CSV with that header. */
export function csv(header: string, rows: string[]): string {
  return `${header}\n${rows.join('\n')}\n`;
}
