/**
 * AI notes for the event dashboard's views, with the journey analyses' client, cache and failure rules: answers are
 * cached on disk by the view's figures (as sent), model, prompt version and redaction; a failure is one of the
 * client's kinds with a message a user can act on, scrubbed of the key. vscode-free, so the CLI could use it too.
 */
import {
  buildViewNotePrompt,
  parseViewNoteAnswer,
  viewNoteCacheKey,
  viewFigures,
  VIEW_NOTE_SCHEMA,
  type NoteView,
} from '../core/events/aiNotePrompt';
import type { EventsReport, FunnelReport } from '../core/events/types';
import { describeRedactions } from '../core/journeys/analysis/prompt';
import { connectAi, MISSING_KEY_MESSAGE, type AiConnectionConfig } from './connection';
import { AiFailure, type AiFailureKind } from './errors';

export interface ViewNoterConfig extends AiConnectionConfig {
  redact: boolean;
}

export interface WrittenNote {
  view: NoteView;
  text: string;
  model: string;
  cached: boolean;
  /** "2 e-mail addresses were replaced…" when redaction changed what was sent. */
  redactionNote?: string;
}

export type ViewNoteResult = { ok: true; note: WrittenNote } | { ok: false; kind: AiFailureKind; error: string };

export interface ViewNoter {
  readonly model: string;
  note(
    report: EventsReport,
    view: NoteView,
    options?: { funnel?: FunnelReport | null; signal?: AbortSignal },
  ): Promise<ViewNoteResult>;
}

interface CachedNote {
  text: string;
  model: string;
  redactionNote?: string;
}

export function createViewNoter(config: ViewNoterConfig): ViewNoter {
  const { client, cache, missingKey, log, ...ai } = connectAi(config);

  return {
    model: config.model,
    async note(report, view, options = {}) {
      if (missingKey) return { ok: false, kind: 'auth', error: MISSING_KEY_MESSAGE };
      const figures = viewFigures(report, view, options.funnel);
      if (!figures)
        return { ok: false, kind: 'malformed', error: `This report has no ${view} figures to write about.` };
      const prompt = buildViewNotePrompt(view, figures, { redact: config.redact });
      const key = viewNoteCacheKey(view, prompt, config.model);
      const hit = await cache?.get<CachedNote>(key);
      if (hit && typeof hit.text === 'string') return { ok: true, note: { view, ...hit, cached: true } };
      let attempts = 0;
      try {
        attempts = 1;
        const result = await client.complete({
          messages: prompt.messages,
          schemaName: 'view_note',
          schema: VIEW_NOTE_SCHEMA,
          signal: options.signal,
        });
        attempts = result.attempts;
        const parsed = parseViewNoteAnswer(result.content);
        if (!parsed.ok) throw new AiFailure('malformed', parsed.message);
        const redactionNote = describeRedactions(prompt.redactions);
        const value: CachedNote = {
          text: parsed.text,
          model: config.model,
          ...(redactionNote ? { redactionNote } : {}),
        };
        await cache?.set(key, value);
        log(
          `AI note on the ${view} view with ${config.model}: ${result.usage.prompt}+${result.usage.completion} tokens.`,
        );
        return { ok: true, note: { view, ...value, cached: false } };
      } catch (error) {
        const failure = ai.failure(error, attempts);
        log(`AI note on the ${view} view failed (${failure.kind}): ${failure.message}`);
        return { ok: false, kind: failure.kind, error: failure.message };
      }
    },
  };
}
