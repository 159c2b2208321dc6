/**
 * AI analysis of journeys, shared by the CLI and the extension host (no `vscode` here).
 *
 * A run sets `analysis` on each journey that succeeds and `analysisError` on each that fails, leaving any earlier
 * analysis in place; answers are cached on disk by journey content, model, prompt version and redaction.
 * The API key is only handed to the OpenAI client: every message and log line passes through `scrub`.
 */
import { createHash } from 'node:crypto';
import {
  buildCrossPrompt,
  buildJourneyPrompt,
  chooseCrossJourneys,
  describeRedactions,
  promptSubject,
  PROMPT_VERSION,
  subjectKey,
  type PromptSubject,
} from '../core/journeys/analysis/prompt';
import {
  checkCrossAnswer,
  checkJourneyAnswer,
  CROSS_ANSWER_SCHEMA,
  JOURNEY_ANSWER_SCHEMA,
  parseAnswerJson,
} from '../core/journeys/analysis/schema';
import type { CompactJourney, CompactReport } from '../core/journeys/reportSummary';
import type { CrossJourneyAnalysis, JourneyAnalysis, JourneyReport } from '../core/journeys/types';
import { connectAi, MISSING_KEY_MESSAGE, type AiConnectionConfig } from './connection';
import { AiFailure, type AiFailureKind } from './errors';
import { Semaphore } from './limit';

export const DEFAULT_AI_MODEL = 'gpt-5-mini';
export const DEFAULT_AI_SETTINGS = {
  model: DEFAULT_AI_MODEL,
  timeoutMs: 120_000,
  maxConcurrent: 4,
  redact: true,
} as const;

export interface AiAnalyzerConfig extends AiConnectionConfig {
  maxConcurrent: number;
  redact: boolean;
}

export interface AnalyzeOptions {
  /** Only these journeys; all when absent. */
  journeyIds?: string[];
  /** Ignore cached answers (Re-analyze). */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, journeyId: string): void;
  /**
   * A journey's steps for the prompt, when the report holds compact journeys (the extension host's: the session
   * worker has the steps). Not needed for a full report (the CLI), nor for a journey answered from the cache.
   */
  loadJourney?(journeyId: string): Promise<JourneyReport | undefined>;
}

export interface AiRunSummary {
  total: number;
  /** Fresh answers from the API. */
  analysed: number;
  /** Answers served from the cache (disk or the journey's current analysis). */
  cached: number;
  failed: number;
  /** Not attempted because the run was cancelled (or stopped after the key was rejected). */
  skipped: number;
  cancelled: boolean;
  /** Failures by kind; `auth: n` means the UI should offer to set the key. */
  failures: Partial<Record<AiFailureKind, number>>;
  /** Distinct failure messages, for one notification instead of one per journey. */
  messages: string[];
  requests: number;
  tokens: { prompt: number; completion: number };
}

export type CrossResult = CrossJourneyAnalysis | { error: string; kind: AiFailureKind };

export interface AiAnalyzer {
  readonly model: string;
  analyzeJourneys(report: CompactReport, options?: AnalyzeOptions): Promise<AiRunSummary>;
  analyzeAcross(
    report: CompactReport,
    options?: Omit<AnalyzeOptions, 'journeyIds' | 'onProgress'>,
  ): Promise<CrossResult>;
}

export function createAiAnalyzer(config: AiAnalyzerConfig): AiAnalyzer {
  const { client, cache, missingKey, log, ...ai } = connectAi(config);
  const limit = new Semaphore(Math.max(1, Math.floor(config.maxConcurrent) || 1));

  const journeyKey = (j: CompactJourney, subject: PromptSubject) =>
    `${j.contentHash}|${config.model}|${PROMPT_VERSION}|redact=${config.redact}${subjectKey(subject)}`;

  /** The journey with its steps: as it is, or loaded (a compact journey); undefined when it is gone. */
  async function withSteps(
    journey: CompactJourney,
    load: AnalyzeOptions['loadJourney'],
  ): Promise<JourneyReport | undefined> {
    if (journey.steps) return journey as JourneyReport;
    return load?.(journey.id);
  }

  async function analyzeOne(
    journey: CompactJourney,
    subject: PromptSubject,
    force: boolean,
    signal: AbortSignal | undefined,
    load: AnalyzeOptions['loadJourney'],
  ): Promise<
    | { status: 'cached' | 'analysed'; analysis: JourneyAnalysis; requests: number }
    | { status: 'failed'; failure: AiFailure; requests: number }
  > {
    const key = journeyKey(journey, subject);
    if (!force) {
      if (journey.analysis?.source === 'ai' && journey.analysis.cacheKey === key)
        return { status: 'cached', analysis: journey.analysis, requests: 0 };
      const hit = await cache?.get<JourneyAnalysis>(key);
      if (hit && hit.source === 'ai') return { status: 'cached', analysis: hit, requests: 0 };
    }
    let requests = 0;
    try {
      const full = await withSteps(journey, load);
      if (!full)
        throw new AiFailure('not_found', `${journey.id} is no longer in the analysis (its file changed or went).`);
      const prompt = buildJourneyPrompt(full, { redact: config.redact, subject });
      const result = await limit.run(() => {
        if (signal?.aborted) throw new AiFailure('cancelled', 'Cancelled.', undefined, 0);
        requests = 1;
        return client.complete({
          messages: prompt.messages,
          schemaName: 'journey_analysis',
          schema: JOURNEY_ANSWER_SCHEMA,
          signal,
        });
      });
      requests = result.attempts;
      const parsed = parseAnswerJson(result.content);
      if (!parsed.ok) throw new AiFailure('malformed', parsed.message);
      const checked = checkJourneyAnswer(parsed.value, new Set(full.steps.map((s) => s.index)));
      if (!checked.ok) throw new AiFailure('malformed', checked.message);
      const redactionNote = describeRedactions(prompt.redactions);
      const notes = [...(redactionNote ? [redactionNote] : []), ...checked.notes];
      const analysis: JourneyAnalysis = {
        source: 'ai',
        model: config.model,
        ...checked.value,
        redacted: prompt.redacted,
        tokens: result.usage,
        cacheKey: key,
        generatedAt: new Date().toISOString(),
        ...(notes.length ? { notes } : {}),
      };
      await cache?.set(key, analysis);
      return { status: 'analysed', analysis, requests };
    } catch (error) {
      const failure = ai.failure(error, requests);
      return { status: 'failed', failure, requests: failure.attempts ?? requests };
    }
  }

  return {
    model: config.model,

    async analyzeJourneys(report, options = {}) {
      const wanted = options.journeyIds ? new Set(options.journeyIds) : undefined;
      const targets = report.journeys.filter((j) => !wanted || wanted.has(j.id));
      const subject = promptSubject(report);
      const summary: AiRunSummary = {
        total: targets.length,
        analysed: 0,
        cached: 0,
        failed: 0,
        skipped: 0,
        cancelled: false,
        failures: {},
        messages: [],
        requests: 0,
        tokens: { prompt: 0, completion: 0 },
      };
      const fail = (journey: CompactJourney, failure: AiFailure) => {
        journey.analysisError = failure.message;
        summary.failed++;
        summary.failures[failure.kind] = (summary.failures[failure.kind] ?? 0) + 1;
        if (!summary.messages.includes(failure.message)) summary.messages.push(failure.message);
      };
      if (missingKey) {
        const failure = new AiFailure('auth', MISSING_KEY_MESSAGE);
        for (const j of targets) fail(j, failure);
        return summary;
      }

      // One controller for the run: the caller's cancel, or a rejected key (every other request would fail too).
      const run = new AbortController();
      const onAbort = () => run.abort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) run.abort();
      let done = 0;
      let authFailure: AiFailure | undefined;
      const started = Date.now();

      // A pool of maxConcurrent workers rather than one promise per journey: a 10,000-journey folder must not build
      // 10,000 prompts or open 10,000 cache files at once.
      let next = 0;
      const handle = async (journey: CompactJourney) => {
        if (run.signal.aborted) {
          // Never started: after a rejected key it shares that failure; after the user's cancel it keeps its state.
          if (authFailure) fail(journey, authFailure);
          else summary.skipped++;
          return;
        }
        const outcome = await analyzeOne(journey, subject, !!options.force, run.signal, options.loadJourney);
        summary.requests += outcome.requests;
        if (outcome.status === 'failed') {
          if (outcome.failure.kind === 'cancelled') {
            if (authFailure) fail(journey, authFailure);
            else summary.skipped++;
          } else {
            fail(journey, outcome.failure);
            log(`AI analysis of ${journey.id} failed (${outcome.failure.kind}): ${outcome.failure.message}`);
            if (outcome.failure.kind === 'auth' && !authFailure) {
              authFailure = outcome.failure;
              run.abort();
            }
          }
        } else {
          journey.analysis = outcome.analysis;
          delete journey.analysisError;
          if (outcome.status === 'cached') summary.cached++;
          else {
            summary.analysed++;
            summary.tokens.prompt += outcome.analysis.tokens?.prompt ?? 0;
            summary.tokens.completion += outcome.analysis.tokens?.completion ?? 0;
          }
        }
        done++;
        options.onProgress?.(done, targets.length, journey.id);
      };
      const workers = Math.min(targets.length, Math.max(1, Math.floor(config.maxConcurrent) || 1));
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (next < targets.length) await handle(targets[next++]);
        }),
      );
      options.signal?.removeEventListener('abort', onAbort);
      summary.cancelled = !!options.signal?.aborted;
      addUsage(report, summary);
      log(
        `AI analysis with ${config.model}: ${summary.analysed} analysed, ${summary.cached} cached, ${summary.failed} failed, ` +
          `${summary.skipped} skipped; ${summary.tokens.prompt}+${summary.tokens.completion} tokens in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
      return summary;
    },

    async analyzeAcross(report, options = {}) {
      if (report.journeys.length === 0) return { error: 'There are no journeys to compare.', kind: 'malformed' };
      if (missingKey) return { error: MISSING_KEY_MESSAGE, kind: 'auth' };
      // Only the sample the prompt shows needs its steps.
      const sample = await Promise.all(
        chooseCrossJourneys(report.journeys).map((j) => withSteps(j, options.loadJourney)),
      );
      const prompt = buildCrossPrompt(
        { journeys: sample.filter((j): j is JourneyReport => !!j), outcomes: report.outcomes },
        { redact: config.redact, total: report.journeys.length },
      );
      const contents = createHash('sha256')
        .update(prompt.sent.map((s) => `${s.id}:${report.journeys.find((j) => j.id === s.id)?.contentHash}`).join('\n'))
        .digest('hex');
      const key = `cross|${contents}|${config.model}|${PROMPT_VERSION}|redact=${config.redact}${subjectKey(promptSubject(report))}`;
      if (!options.force) {
        const hit = await cache?.get<CrossJourneyAnalysis>(key);
        if (hit && hit.source === 'ai') {
          report.crossJourney = hit;
          return hit;
        }
      }
      let attempts = 0;
      try {
        const result = await limit.run(() => {
          attempts = 1;
          return client.complete({
            messages: prompt.messages,
            schemaName: 'cross_journey_patterns',
            schema: CROSS_ANSWER_SCHEMA,
            signal: options.signal,
          });
        });
        attempts = result.attempts;
        const parsed = parseAnswerJson(result.content);
        if (!parsed.ok) throw new AiFailure('malformed', parsed.message);
        const checked = checkCrossAnswer(parsed.value, prompt.sent);
        if (!checked.ok) throw new AiFailure('malformed', checked.message);
        const redactionNote = describeRedactions(prompt.redactions);
        const notes = [...(redactionNote ? [redactionNote] : []), ...checked.notes];
        if (prompt.sent.length < report.journeys.length)
          notes.unshift(
            `Based on a sample of ${prompt.sent.length} of ${report.journeys.length} journeys; shares are of the sample.`,
          );
        const analysis: CrossJourneyAnalysis = {
          source: 'ai',
          model: config.model,
          patterns: checked.value,
          generatedAt: new Date().toISOString(),
          redacted: prompt.redacted,
          tokens: result.usage,
          ...(notes.length ? { notes } : {}),
        };
        await cache?.set(key, analysis);
        report.crossJourney = analysis;
        addUsage(report, { requests: attempts, cached: 0, tokens: result.usage });
        return analysis;
      } catch (error) {
        const failure = ai.failure(error, attempts);
        addUsage(report, { requests: failure.attempts ?? attempts, cached: 0, tokens: { prompt: 0, completion: 0 } });
        log(`Cross-journey AI analysis failed (${failure.kind}): ${failure.message}`);
        return { error: failure.message, kind: failure.kind };
      }
    },
  };
}

/** Adds this run's spend to the report's running total (cached answers cost nothing and count as cached). */
function addUsage(
  report: CompactReport,
  run: { requests: number; cached: number; tokens: { prompt: number; completion: number } },
): void {
  const u = report.aiUsage ?? { prompt: 0, completion: 0, requests: 0, cached: 0 };
  report.aiUsage = {
    prompt: u.prompt + run.tokens.prompt,
    completion: u.completion + run.tokens.completion,
    requests: u.requests + run.requests,
    cached: u.cached + run.cached,
  };
}

/** One line for a notification or the CLI: what happened, and the first reason for failures. */
export function describeRun(summary: AiRunSummary): string {
  const parts = [`${summary.analysed} analysed`];
  if (summary.cached) parts.push(`${summary.cached} from cache`);
  if (summary.failed) parts.push(`${summary.failed} failed`);
  if (summary.skipped) parts.push(`${summary.skipped} ${summary.cancelled ? 'cancelled' : 'skipped'}`);
  const tokens = summary.tokens.prompt + summary.tokens.completion;
  const head = `AI analysis of ${summary.total} journey${summary.total === 1 ? '' : 's'}: ${parts.join(', ')}${tokens ? ` (${tokens.toLocaleString('en-US')} tokens)` : ''}.`;
  return summary.messages.length
    ? `${head} ${summary.messages[0]}${summary.messages.length > 1 ? ` (+${summary.messages.length - 1} other problem${summary.messages.length > 2 ? 's' : ''})` : ''}`
    : head;
}
