// Shared by the integration suites: the running extension's test API and a private copy of the fixture workspace.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Report } from '../../../src/core/journeys/types';
import type { JourneyLensApi } from '../../../src/host/extension';

export const EXTENSION_ID = 'journey-lens.journey-lens';

export async function extensionApi(): Promise<JourneyLensApi> {
  const ext = vscode.extensions.getExtension<JourneyLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this workbench`);
  return ext.activate();
}

/**
 * A fresh copy of test-fixtures/workspace in a temp folder: tests edit, break and add files, and the committed
 * fixture must stay as it is. Journey Lens analyses and watches any folder, inside the workspace or not.
 */
export function copyFixtureWorkspace(): { root: string; uri: vscode.Uri; dispose(): void } {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const root = mkdtempSync(join(tmpdir(), 'journey-lens-ws-'));
  cpSync(join(ext.extensionPath, 'test-fixtures', 'workspace'), root, { recursive: true });
  return { root, uri: vscode.Uri.file(root), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** A private copy of the fixture workspace, analysed through the command a user runs; fails loudly if it did not finish. */
export async function analyzedFixtureCopy(): Promise<ReturnType<typeof copyFixtureWorkspace>> {
  await extensionApi();
  const ws = copyFixtureWorkspace();
  const report = await vscode.commands.executeCommand<Report | undefined>('journeyLens.analyzeFolder', ws.uri);
  if (report?.root !== ws.root) {
    ws.dispose();
    throw new Error(`the analysis of the fixture copy did not finish: ${(await extensionApi()).lastError}`);
  }
  return ws;
}

/**
 * Registers the suite's before/after hooks for a private analysed fixture copy (editors closed on both sides) and
 * returns it; read its fields inside tests, once `before` has run.
 */
export function useAnalyzedFixtureCopy(): { readonly root: string; readonly uri: vscode.Uri } {
  let ws: ReturnType<typeof copyFixtureWorkspace> | undefined;
  before(async () => {
    ws = await analyzedFixtureCopy();
    await closeAllEditors();
  });
  after(async () => {
    await closeAllEditors();
    ws?.dispose();
  });
  return {
    get root() {
      return ws!.root;
    },
    get uri() {
      return ws!.uri;
    },
  };
}

/**
 * Waits until `check` returns a value other than undefined/false. Not a timing assertion: the limit only turns a
 * hang into a readable failure.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  limitMs = 30_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
