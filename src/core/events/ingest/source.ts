/**
 * What the ingest layouts share. A layout recognises a file from its first bytes (`sniff`, pure) and loads it
 * (`load`): DuckDB's own table functions read the file, the layout only writes SQL. Each load leaves a *stage*
 * table in a common shape that `canonical.ts` turns into the documented `events` table:
 *
 *   _src (source index), _ord (order in the file), _line, _user, _session (NULL: cut by inactivity), _ts,
 *   _pos (position inside a row, page sequences), _event, _page, _revenue, then the properties as read.
 */
import type { SqlEngine } from '../engine';
import type { ColumnRoles, EventsProblem, LayoutId } from '../types';
import type { EventsOptions } from '../options';

/** A file as the node layer hands it over: where DuckDB finds it, how the user calls it, and its first bytes. */
export interface FileHead {
  /** Absolute path, passed to DuckDB's readers. */
  path: string;
  /** As shown to the user (relative to the analysed folder). */
  display: string;
  /** The first bytes decoded as UTF-8 (a BOM stripped). */
  text: string;
  /** The first four bytes as Latin-1, for magic numbers (`PAR1`). */
  magic: string;
  bytes: number;
  /** Found by scanning a folder rather than named by the user: an unknown layout is then a warning, not an error. */
  fromFolder?: boolean;
}

export interface StagedSource {
  layout: LayoutId;
  /** The stage table this load created. */
  table: string;
  rows: number;
  rejected: number;
  roles: ColumnRoles;
  /** Properties in the stage table (every column but the underscored canonical ones). */
  properties: { name: string; type: string }[];
  problems: EventsProblem[];
  /** Typed events: visits are events of this name. */
  visitEvent?: string;
  /** Typed events: earlier versions replaced by a later UPDATE with the same key. */
  replaced?: number;
}

export interface LoadContext {
  engine: SqlEngine;
  options: EventsOptions;
  /** Index of this source among the loaded ones; prefixes its tables. */
  index: number;
}

export interface Layout {
  id: LayoutId;
  /** true when the first bytes look like this layout (content and column names, never the extension alone). */
  sniff(head: FileHead): boolean;
  /** A StagedSource, or a problem saying why the file cannot be used (the columns found, the --map flag). */
  load(head: FileHead, ctx: LoadContext): Promise<StagedSource | { problems: EventsProblem[] }>;
}

/** Problems of one kind beyond this many per file are summed up in one line instead of listed. */
export const MAX_LISTED_PER_KIND = 100;
