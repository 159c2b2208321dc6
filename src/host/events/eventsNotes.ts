/**
 * AI notes for the event dashboards, with the key from SecretStorage (ApiKeyStore) and the journeyLens.ai.* settings
 * the journey analyses use. The key goes to the OpenAI client only: it is never logged, posted to a page or cached.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { NoteView } from '../../core/events/aiNotePrompt';
import type { EventsReport, FunnelReport } from '../../core/events/types';
import { createViewNoter, type ViewNoter, type ViewNoteResult } from '../../ai/viewNoter';
import type { ApiKeyStore } from '../secrets';
import { affectsAi, readSettings } from '../settings';

export class EventsNotes implements vscode.Disposable {
  private noter: ViewNoter | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The key, the trust or the AI settings changed: pages should ask {@link available} again. */
  readonly onDidChangeAvailability = this.emitter.event;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly keys: ApiKeyStore,
    private readonly cacheDir: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const reset = () => {
      // The client holds the key and the endpoint: build a new one on the next note.
      this.noter = undefined;
      this.emitter.fire();
    };
    this.subs = [
      keys.onDidChange(reset),
      vscode.workspace.onDidGrantWorkspaceTrust(reset),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsAi(e)) reset();
      }),
    ];
  }

  /** A key is set (or a local server's base URL) and the workspace is trusted: the same rule as journey analyses. */
  async available(): Promise<boolean> {
    if (!vscode.workspace.isTrusted) return false;
    return !!readSettings().ai.baseURL || (await this.keys.has());
  }

  async write(report: EventsReport, view: NoteView, funnel: FunnelReport | null): Promise<ViewNoteResult> {
    if (!vscode.workspace.isTrusted)
      return { ok: false, kind: 'forbidden', error: 'AI notes are off in an untrusted workspace.' };
    const noter = await this.getNoter();
    return noter.note(report, view, { funnel });
  }

  private async getNoter(): Promise<ViewNoter> {
    if (this.noter) return this.noter;
    const s = readSettings().ai;
    this.noter = createViewNoter({
      apiKey: await this.keys.get(),
      baseURL: s.baseURL,
      model: s.model,
      timeoutMs: s.timeoutMs,
      redact: s.redact,
      cacheDir: join(this.cacheDir.fsPath, 'ai-cache', 'events'),
      log: (m) => this.log.info(m),
    });
    return this.noter;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}
