import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { brokenRecordingText, recordingText } from './support/recordings';
import { extensionApi, waitFor, useAnalyzedFixtureCopy } from './support/host';

describe('Live workspace: watcher, Problems panel, Needs attention', () => {
  const ws = useAnalyzedFixtureCopy();

  it('shows the committed broken recording in the Problems panel at line 6, column 9', () => {
    const diags = vscode.languages.getDiagnostics(vscode.Uri.file(join(ws.root, 'inbox', 'session-broken.json')));
    assert.equal(diags.length, 1);
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diags[0]!.source, 'Journey Lens');
    assert.deepEqual([diags[0]!.range.start.line, diags[0]!.range.start.character], [5, 8]);
  });

  it('breaking a recording on disk adds a diagnostic at the exact position and moves it to Needs attention; fixing it clears both', async () => {
    const api = await extensionApi();
    const file = join(ws.root, 'upgrades', 'upgrade-c.json');
    const uri = vscode.Uri.file(file);
    const good = readFileSync(file, 'utf8');
    const broken = brokenRecordingText({ seed: 3, leaning: 'upgrade', open: false });

    await writeFile(file, broken.text);
    const diags = await waitFor('a diagnostic on upgrade-c.json', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length ? d : undefined;
    });
    assert.deepEqual(
      [diags[0]!.range.start.line + 1, diags[0]!.range.start.character + 1],
      [broken.line, broken.column],
    );
    assert.ok(!api.report!.journeys.some((j) => j.file === file), 'a broken file must not stay a journey');
    const attention = (api.tree.getChildren() as import('../../src/host/journeysTree').TreeNode[]).find(
      (g) => g.kind === 'group' && g.group === 'needsAttention',
    );
    assert.ok(
      attention?.kind === 'group' && attention.children.some((c) => c.kind === 'problemFile' && c.file === file),
    );

    await writeFile(file, good);
    await waitFor('the diagnostic to clear', () => vscode.languages.getDiagnostics(uri).length === 0);
    assert.ok(
      api.report!.journeys.some((j) => j.file === file),
      'the fixed file is a journey again',
    );
  });

  it('a deleted recording leaves the report', async () => {
    const api = await extensionApi();
    const file = join(ws.root, 'inbox', 'session-eu-131.json');
    rmSync(file);
    await waitFor('the deleted journey to leave the report', () => !api.report!.journeys.some((j) => j.file === file));
  });

  it('a burst of 1,000 new recordings is coalesced into one re-analysis (at most three under load) that sees every file', async function () {
    this.timeout(180_000);
    const api = await extensionApi();
    await api.whenIdle();
    const before = api.report!.journeys.length;
    const dir = join(ws.root, 'burst');
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(dir));
    const baseline = api.stats.updates;
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        writeFile(
          join(dir, `burst-${String(i).padStart(4, '0')}.json`),
          recordingText({ seed: 10_000 + i, leaning: i % 2 ? 'upgrade' : 'cancel', open: true, steps: 4 }),
        ),
      ),
    );
    await waitFor('all 1,000 journeys in the report', () => api.report!.journeys.length === before + 1000, 120_000);
    await api.whenIdle();
    // The writes arrive as one burst on a quiet machine (one re-analysis of 1,000 files); on a loaded one they can
    // straggle past the watcher's quiet period, so the claim tested is coalescing, not an exact count.
    const updates = api.stats.updates - baseline;
    assert.ok(updates >= 1 && updates <= 3, `the burst was coalesced into ${updates} re-analyses, not one per file`);
    if (updates === 1) assert.equal(api.stats.lastUpdate?.changed, 1000);
  });
});
