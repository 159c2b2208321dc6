/**
 * Ingest: the files the user pointed at → the canonical `events` table (plus `users` / `products`) and a
 * DatasetInfo saying what the data offers. Every file is accounted for: loaded, or a problem saying why not.
 */
import type { SqlEngine } from '../engine';
import { ident } from '../sql';
import type { EventsOptions } from '../options';
import { CANONICAL_COLUMNS, type DatasetInfo, type EventsProblem, type SourceInfo } from '../types';
import { buildUnitKeys } from '../queries/unitKeys';
import { buildEventsSql, dropScratch, type StageRef } from './canonical';
import { companionKind, loadCompanion } from './companions';
import { loadCsvDirect } from './directCsv';
import { detectLayout, LAYOUTS } from './registry';
import type { FileHead } from './source';

export interface IngestResult {
  info: DatasetInfo;
  problems: EventsProblem[];
}

export type IngestProgress = (text: string) => void;

export async function ingest(
  engine: SqlEngine,
  files: FileHead[],
  options: EventsOptions,
  onProgress?: IngestProgress,
  /** `direct: false`: the general path only, for tests that compare it with the direct read. */
  tuning: { direct?: boolean } = {},
): Promise<IngestResult> {
  await engine.run(`SET TimeZone = 'UTC'`);
  await engine.run('DROP TABLE IF EXISTS users; DROP TABLE IF EXISTS products');
  const problems: EventsProblem[] = [];
  const sources: SourceInfo[] = [];
  const stages: StageRef[] = [];
  let visitEvent: string | null = null;
  const properties = new Set<string>();
  const isEmpty = (head: FileHead) => head.bytes === 0 || (!head.text.trim() && head.magic !== 'PAR1');
  const logs = files.filter((h) => !isEmpty(h) && !companionKind(h.display) && detectLayout(h) !== null);
  // One delimited log (companion tables aside) goes straight into `events` where it can (directCsv.ts).
  const direct = tuning.direct !== false && logs.length === 1 && detectLayout(logs[0])?.id === 'csv' ? logs[0] : null;
  let loadedDirect = false;
  let index = 0;
  for (const head of files) {
    index++;
    if (isEmpty(head)) {
      problems.push({ file: head.display, message: 'empty file: no columns, no events', severity: 'error' });
      continue;
    }
    const companion = companionKind(head.display);
    if (companion) {
      onProgress?.(`reading ${head.display}`);
      const c = await loadCompanion(engine, head, companion, index);
      problems.push(...c.problems);
      if (c.source) sources.push(c.source);
      continue;
    }
    const layout = detectLayout(head);
    if (!layout) {
      const first = head.text.split(/\r?\n/, 1)[0].slice(0, 120);
      problems.push({
        file: head.display,
        message: `unknown layout: not delimited text with a header, JSON lines, a JSON array of objects or Parquet (first line: ${JSON.stringify(first)}); known layouts: ${LAYOUTS.map((l) => l.id).join(', ')}; column roles can be named with --map user=COL,session=COL,time=COL,event=COL`,
        severity: head.fromFolder ? 'warning' : 'error',
      });
      continue;
    }
    onProgress?.(`reading ${head.display} (${layout.id})`);
    const straight = head === direct ? await loadCsvDirect(engine, head, options, index) : null;
    if (straight) {
      loadedDirect = true;
      onProgress?.(`${head.display}: read straight into the events table`);
      problems.push(...straight.problems);
      sources.push({
        file: head.display,
        layout: 'csv',
        rows: straight.rows,
        rejected: straight.rejected,
        roles: straight.roles,
        table: 'events',
      });
      if (straight.rows === 0)
        problems.push({ file: head.display, message: 'no event could be read from this file', severity: 'error' });
      continue;
    }
    const loaded = await layout.load(head, { engine, options, index });
    problems.push(...loaded.problems);
    if (!('table' in loaded)) continue;
    sources.push({
      file: head.display,
      layout: loaded.layout,
      rows: loaded.rows,
      rejected: loaded.rejected,
      roles: loaded.roles,
      table: 'events',
      ...(loaded.replaced ? { replaced: loaded.replaced } : {}),
    });
    const [{ span }] = await engine.all<{ span: number }>(
      `SELECT (coalesce(max(_rid), -1) + 1)::BIGINT AS span FROM ${ident(loaded.table)}`,
    );
    stages.push({
      table: loaded.table,
      src: index,
      file: head.display,
      cutSessions: loaded.roles.session === null && loaded.layout !== 'page-sequences',
      span,
      timed: loaded.roles.time !== null,
    });
    if (loaded.visitEvent) visitEvent = loaded.visitEvent;
    for (const p of loaded.properties) properties.add(p.name);
    if (loaded.rows === 0)
      problems.push({ file: head.display, message: 'no event could be read from this file', severity: 'error' });
  }
  onProgress?.('building the events table');
  if (!loadedDirect)
    for (const sql of buildEventsSql(stages, options.sessionGapMinutes, [...properties])) await engine.run(sql);
  await dropScratch(engine);
  await buildUnitKeys(engine);
  const info = await describeDataset(engine, sources, visitEvent);
  problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
  return { info, problems };
}

async function describeDataset(
  engine: SqlEngine,
  sources: SourceInfo[],
  visitEvent: string | null,
): Promise<DatasetInfo> {
  const cols = await engine.all<{ column_name: string; column_type: string }>('DESCRIBE events');
  const hasUsersTable = sources.some((s) => s.table === 'users');
  const hasProductsTable = sources.some((s) => s.table === 'products');
  const userColumns = hasUsersTable
    ? (await engine.all<{ column_name: string; column_type: string }>('DESCRIBE users')).map((c) => ({
        name: c.column_name,
        type: c.column_type,
      }))
    : [];
  const [stats] = await engine.all<{ timed: number; paid: number; from: string | null; to: string | null }>(
    'SELECT count(ts)::BIGINT AS timed, count(revenue)::BIGINT AS paid, min(ts) AS "from", max(ts) AS "to" FROM events',
  );
  return {
    sources,
    columns: cols
      .filter((c) => !CANONICAL_COLUMNS.includes(c.column_name))
      .map((c) => ({ name: c.column_name, type: c.column_type })),
    userColumns,
    hasTime: stats.timed > 0,
    hasRevenue: stats.paid > 0,
    hasUsersTable,
    hasProductsTable,
    visitEvent,
    timeRange: stats.from && stats.to ? { from: stats.from, to: stats.to } : null,
  };
}
