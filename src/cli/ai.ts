import { homedir } from 'node:os';
import path from 'node:path';
import { createAiAnalyzer, DEFAULT_AI_SETTINGS, describeRun } from '../ai/analyzer';
import type { Report } from '../core/journeys/types';
import { safe } from './terminal';

export interface CliAiOptions {
  baseURL?: string;
  model?: string;
  redact: boolean;
  quiet: boolean;
}

/** Cached answers survive between runs, like the extension's, so re-running a report costs nothing. */
function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'journey-lens', 'ai');
}

export type AiOutcome = { ok: true } | { ok: false; reason: string };

/**
 * Adds AI analyses to the report in place. Failed journeys keep their rule-based analysis and carry analysisError.
 * Not ok when nothing could be analysed (the CLI then still writes its reports, and exits 1 with the reason).
 */
export async function runAi(report: Report, options: CliAiOptions): Promise<AiOutcome> {
  const apiKey = process.env.OPENAI_API_KEY;
  const baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL;
  if (!apiKey && !baseURL) {
    return {
      ok: false,
      reason: '--ai needs OPENAI_API_KEY in the environment, or --openai-base-url for a local server',
    };
  }
  const analyzer = createAiAnalyzer({
    apiKey,
    baseURL,
    model: options.model ?? DEFAULT_AI_SETTINGS.model,
    timeoutMs: DEFAULT_AI_SETTINGS.timeoutMs,
    maxConcurrent: DEFAULT_AI_SETTINGS.maxConcurrent,
    redact: options.redact,
    cacheDir: cacheDir(),
  });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await analyzer.analyzeJourneys(report, {
      signal: controller.signal,
      onProgress: options.quiet ? undefined : (done, total) => process.stderr.write(`AI analysis ${done}/${total}\r`),
    });
    if (!options.quiet) process.stderr.write('\n');
    process.stderr.write(`${safe(describeRun(summary))}\n`);
    if (summary.total > 0 && summary.analysed + summary.cached === 0) {
      const why = summary.messages[0] ?? (summary.cancelled ? 'cancelled' : 'no answer');
      return { ok: false, reason: `no journey could be analysed: ${why}` };
    }
    const across = await analyzer.analyzeAcross(report, { signal: controller.signal });
    if ('error' in across)
      process.stderr.write(`Cross-journey AI analysis failed, the rule-based one stays: ${safe(across.error)}\n`);
    return { ok: true };
  } finally {
    process.off('SIGINT', onSigint);
  }
}
