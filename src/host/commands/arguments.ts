// What a command was called with. VS Code passes whatever the menu, the tree, the dashboard or a script gives: a
// journey id, `{ journeyId, stepIndex? }`, a tree node, a file Uri, or nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompactJourney, CompactReport } from '../../core/journeys/reportSummary';
import { isObject } from '../../core/shared/isObject';
import type { TreeNode } from '../journeysTree';

/** Accepts a journey id, `{ journeyId }`, or a tree node. */
export function journeyIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!isObject(arg)) return undefined;
  if (typeof arg.journeyId === 'string') return arg.journeyId;
  if (arg.kind === 'journey' && isObject(arg.journey) && typeof arg.journey.id === 'string') return arg.journey.id;
  return undefined;
}

/** `stepIndex` of a `{ journeyId, stepIndex }` or step tree node argument. */
export function stepIndexOf(arg: unknown): number | undefined {
  return isObject(arg) && typeof arg.stepIndex === 'number' ? arg.stepIndex : undefined;
}

/** The tree's node for a file that could not be read, if that is the argument. */
export function problemFileOf(arg: unknown): Extract<TreeNode, { kind: 'problemFile' }> | undefined {
  return isObject(arg) && arg.kind === 'problemFile' ? (arg as Extract<TreeNode, { kind: 'problemFile' }>) : undefined;
}

export function journeyFromArg(report: CompactReport | null, arg: unknown): CompactJourney | undefined {
  const id = journeyIdOf(arg);
  if (id) return report?.journeys.find((j) => j.id === id);
  if (arg instanceof vscode.Uri) return findByFile(report, arg.fsPath);
  return undefined;
}

export function idsFromArg(report: CompactReport | null, arg: unknown): string[] | undefined {
  const j = journeyFromArg(report, arg);
  return j ? [j.id] : undefined;
}

export function findByFile(report: CompactReport | null, file: string): CompactJourney | undefined {
  return report?.journeys.find((j) => sameFile(j.file, file));
}

export function sameFile(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}
