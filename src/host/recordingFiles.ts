import { open, readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { CompactJourney } from '../core/journeys/reportSummary';
import type { JourneyReport } from '../core/journeys/types';
import { DEFAULT_OPTIONS } from '../core/journeys/options';
import { isRecordingText } from '../core/journeys/parse/account';
import { looksLikeRecording } from '../core/journeys/parse/index';
import { locateJsonPath } from '../core/journeys/parse/locate';

/** How much of a file the content sniff reads: enough for the first chunk key and step. */
const SNIFF_BYTES = 8192;

/**
 * Opens the journey's recording file, at a step when one is given (located in the file with jsonc-parser). A compact
 * journey has no steps: `load` fetches them (AnalysisController.loadJourney).
 */
export async function openRecording(
  journey: CompactJourney,
  stepIndex?: number,
  load?: (journeyId: string) => Promise<JourneyReport | undefined>,
): Promise<vscode.TextEditor> {
  const steps = stepIndex === undefined ? undefined : (journey.steps ?? (await load?.(journey.id))?.steps);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(journey.file));
  const step = steps?.find((s) => s.index === stepIndex);
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

/** The content check the analysis uses (the head sniff, then a full look), on an open document or a file on disk. */
export async function isRecording(uri: vscode.Uri): Promise<boolean> {
  const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (openDoc) return isRecordingText(openDoc.getText());
  if (uri.scheme !== 'file') return false;
  const handle = await open(uri.fsPath, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    if (looksLikeRecording(buf.subarray(0, bytesRead).toString('utf8'))) return true;
    // The analysis reports files above its size limit instead of reading them; so does this check.
    if ((await handle.stat()).size > DEFAULT_OPTIONS.maxFileBytes) return false;
  } finally {
    await handle.close();
  }
  return isRecordingText(await readFile(uri.fsPath, 'utf8'));
}
