import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { JourneyReport } from '../core/journeys/types';
import { looksLikeRecording } from '../core/journeys/parse/index';
import { locateJsonPath } from '../core/journeys/parse/locate';

/** How much of a file the content sniff reads: enough for the first chunk key and step. */
const SNIFF_BYTES = 8192;

/** Opens the journey's recording file, at a step when one is given (located in the file with jsonc-parser). */
export async function openRecording(journey: JourneyReport, stepIndex?: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(journey.file));
  const step = stepIndex === undefined ? undefined : journey.steps.find((s) => s.index === stepIndex);
  let selection: vscode.Range | undefined;
  if (step) {
    const at = locateJsonPath(doc.getText(), step.sourcePath);
    if (at) {
      const pos = new vscode.Position(at.line - 1, at.column - 1);
      selection = new vscode.Range(pos, pos);
    }
  }
  const editor = await vscode.window.showTextDocument(doc, { selection, preview: true });
  if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** The cheap content sniff the analysis uses, on an open document or the start of a file on disk. */
export async function isRecording(uri: vscode.Uri): Promise<boolean> {
  const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (openDoc) return looksLikeRecording(openDoc.getText().slice(0, SNIFF_BYTES));
  if (uri.scheme !== 'file') return false;
  const handle = await open(uri.fsPath, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return looksLikeRecording(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}
