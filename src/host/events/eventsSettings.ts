/**
 * The `journeyLens.events.*` settings: the engine's memory limit, the funnels saved from the dashboard, and what an
 * analysis counts (the unit) and classifies (the outcome step or label column, as the CLI's flags).
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { EventsOptions } from '../../core/events/options';
import type { FunnelDefinition } from '../../core/events/types';
import { parseFunnelDefinition, type SavedFunnel } from '../../dashboard/events/protocol';

const SECTION = 'journeyLens.events';
const DEFAULT_MEMORY_LIMIT = '2GB';

/** A saved funnel as the setting stores it: `source` (workspace-relative) says which log it was saved for. */
export interface StoredFunnel extends SavedFunnel {
  source?: string;
}

export function memoryLimit(): string {
  const v = vscode.workspace.getConfiguration(SECTION).get<string>('memoryLimit', DEFAULT_MEMORY_LIMIT).trim();
  // DuckDB takes "2GB", "512MB", "75%"; anything else would fail the engine's start, so it falls back.
  return /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$/i.test(v) ? v : DEFAULT_MEMORY_LIMIT;
}

/** Every well-formed saved funnel (a hand-edited entry that does not parse is left out, and logged by the caller). */
export function storedFunnels(): { funnels: StoredFunnel[]; invalid: number } {
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>('funnels', []);
  const funnels: StoredFunnel[] = [];
  let invalid = 0;
  for (const x of Array.isArray(raw) ? raw : []) {
    const o = x as { name?: unknown; definition?: unknown; source?: unknown };
    const definition = parseFunnelDefinition(o?.definition);
    if (!definition || typeof o.name !== 'string' || !o.name.trim()) {
      invalid++;
      continue;
    }
    funnels.push({ name: o.name, definition, ...(typeof o.source === 'string' ? { source: o.source } : {}) });
  }
  return { funnels, invalid };
}

/** The saved funnels for one source: those saved for it, and those saved for no source in particular. */
export function funnelsFor(target: string): SavedFunnel[] {
  const rel = sourceKey(target);
  return storedFunnels()
    .funnels.filter((f) => f.source === undefined || f.source === rel)
    .map(({ name, definition }) => ({ name, definition }));
}

/** Saves (or replaces, by name and source) a funnel in the workspace settings; returns the source's funnels. */
export async function saveFunnel(target: string, name: string, definition: FunnelDefinition): Promise<SavedFunnel[]> {
  const source = sourceKey(target);
  const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>('funnels', []);
  const kept = (Array.isArray(raw) ? raw : []).filter(
    (x) => !((x as StoredFunnel)?.name === name && (x as StoredFunnel)?.source === source),
  );
  await vscode.workspace
    .getConfiguration(SECTION)
    .update('funnels', [...kept, { name, source, definition }], vscode.ConfigurationTarget.Workspace);
  return funnelsFor(target);
}

export function canSaveFunnels(): boolean {
  return !!vscode.workspace.workspaceFolders?.length && vscode.workspace.isTrusted;
}

/** The source as the setting names it: relative to its workspace folder (so the setting travels with the repo). */
function sourceKey(target: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target));
  if (!folder) return target;
  return path.relative(folder.uri.fsPath, target).split(path.sep).join('/') || '.';
}

/**
 * The analysis options the settings give: `--unit`, and `--outcome` or else `--outcome-column`. Only what is set is
 * passed, so the engine's defaults hold otherwise.
 */
export function analysisOptions(): Partial<EventsOptions> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const unit = c.get<string>('unit', 'user');
  const outcome = c.get<string>('outcome', '').trim();
  const column = c.get<string>('outcomeColumn', '').trim();
  return {
    ...(unit === 'session' ? { unit: 'session' as const } : {}),
    ...(outcome ? { outcome } : column ? { outcomeColumn: column } : {}),
  };
}

/** A setting that changes what an analysis computes: every cached report is stale. */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return ['unit', 'outcome', 'outcomeColumn'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

export function affectsEngine(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.memoryLimit`);
}

export function affectsFunnels(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.funnels`);
}
