// journey-lens analyze: a folder of recordings through the same core and worker pool as the extension; prints a
// summary, writes reports.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withDefaults } from '../core/journeys/options';
import { analyzeFolder, analyzeFolderToJson, type SessionProgress } from '../node/analysisSession';
import { reportJsonChunks } from '../core/journeys/reportJson';
import { compactReportSummary, reportSummary, type CompactReport } from '../core/journeys/reportSummary';
import { writeAtomically } from '../node/writeAtomically';
import { formatSummary } from './summary';
import { safe } from './terminal';

export const ANALYZE_USAGE = `Usage: journey-lens analyze [FOLDER] [options]

Analyse a folder of session-recording summaries: parse, classify (upgrade vs cancel), evaluate, report.

Options:
  --json FILE              write the full report as JSON (streamed: never one string in memory)
  --summary-json FILE      write the compact report: journeys with outcome, prediction, metrics and warnings;
                           model, profiles, patterns, problems; no steps, timelines or analyses
  --html FILE              write a self-contained dashboard (HTML) to share
  --ai                     ask an OpenAI-compatible model for an analysis of each journey (needs OPENAI_API_KEY)
  --no-ai                  rule-based analysis only (the default)
  --openai-base-url URL    OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama
  --model NAME             model for --ai
  --no-redact              send text to the model without replacing emails, phones, cards, IPs, URL tokens
  --with-status            use the status field as a feature (it leaks the label; for contrast only)
  --quiet                  no progress on stderr
  -h, --help               this help

Exit codes: 0 success, 1 the analysis failed, 2 bad usage.`;

export async function analyzeMain(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'string' },
        'summary-json': { type: 'string' },
        html: { type: 'string' },
        ai: { type: 'boolean', default: false },
        'no-ai': { type: 'boolean', default: false },
        'openai-base-url': { type: 'string' },
        model: { type: 'string' },
        'no-redact': { type: 'boolean', default: false },
        'with-status': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${ANALYZE_USAGE}\n`);
    return 0;
  }
  const [folderArg, ...rest] = positionals;
  if (rest.length > 0) return usage(`unexpected argument "${rest[0]}"`);
  if (values.ai && values['no-ai']) return usage('--ai and --no-ai contradict each other');

  const root = path.resolve(folderArg ?? '.');
  try {
    if (!(await stat(root)).isDirectory()) return usage(`${safe(root)} is not a folder`);
  } catch {
    return usage(`folder not found: ${safe(root)}`);
  }

  try {
    const started = performance.now();
    const options = withDefaults({ useStatus: values['with-status'] });
    const progress = values.quiet ? undefined : progressPrinter();
    // Only the AI and the dashboard need the full report in this thread; otherwise the worker that built it writes
    // the JSON and sends the summary, which spares a copy of every journey and its trip between threads.
    let report: CompactReport;
    // The rule-based analysis is in the report already: an AI run that fails entirely still leaves reports to write.
    let aiFailure: string | null = null;
    if (values.json && !values.ai && !values.html) {
      report = await analyzeFolderToJson(root, options, path.resolve(values.json), { onProgress: progress });
      progress?.({ phase: 'done', done: 0, total: 0 });
      if (values['summary-json'])
        await writeAtomically(values['summary-json'], `${JSON.stringify(compactReportSummary(report), null, 2)}\n`);
    } else {
      const full = await analyzeFolder(root, options, { onProgress: progress });
      progress?.({ phase: 'done', done: 0, total: 0 });
      if (values.ai) {
        const { runAi } = await import('./ai');
        const ai = await runAi(full, {
          baseURL: values['openai-base-url'],
          model: values.model,
          redact: !values['no-redact'],
          quiet: values.quiet,
        });
        if (!ai.ok) aiFailure = ai.reason;
      }
      if (values.json) await writeAtomically(values.json, withNewline(reportJsonChunks(full)));
      if (values['summary-json'])
        await writeAtomically(values['summary-json'], `${JSON.stringify(reportSummary(full), null, 2)}\n`);
      if (values.html) {
        const { exportHtml } = await import('../node/exportHtml');
        await writeAtomically(values.html, await exportHtml(full));
      }
      report = full;
    }
    process.stdout.write(`${formatSummary(report, (performance.now() - started) / 1000)}\n`);
    if (values.json) process.stdout.write(`\nReport written to ${safe(values.json)}\n`);
    if (values['summary-json']) process.stdout.write(`Summary written to ${safe(values['summary-json'])}\n`);
    if (values.html) process.stdout.write(`Dashboard written to ${safe(values.html)}\n`);
    if (aiFailure !== null) {
      const written = values.json || values['summary-json'] || values.html ? 'the reports hold' : 'the summary shows';
      process.stderr.write(
        `journey-lens: AI analysis failed (${safe(aiFailure)}); ${written} the rule-based analysis\n`,
      );
      return 1;
    }
    if (report.journeys.length === 0) {
      process.stderr.write(
        `journey-lens: no journey could be analysed in ${safe(root)} (no file there reads as a recording export)\n`,
      );
      return 1;
    }
    return 0;
  } catch (err) {
    process.stderr.write(`journey-lens: analysis failed: ${safe((err as Error).message)}\n`);
    return 1;
  }
}

function* withNewline<T>(pieces: Iterable<T>): Generator<T | string> {
  yield* pieces;
  yield '\n';
}

function usage(message: string): number {
  process.stderr.write(`journey-lens: ${message}\n\n${ANALYZE_USAGE}\n`);
  return 2;
}

/** Progress for long runs only: a short analysis prints nothing extra, a long one reports every second. */
function progressPrinter(): (p: SessionProgress) => void {
  const started = Date.now();
  let last = 0;
  let printed = false;
  return (p) => {
    const now = Date.now();
    if (p.phase === 'done') {
      if (printed && process.stderr.isTTY) process.stderr.write('\n');
      return;
    }
    if (now - started < 1000 || now - last < 1000) return;
    last = now;
    printed = true;
    const text = p.phase === 'reading' ? `reading ${p.done}/${p.total} files` : `training on ${p.total} journeys`;
    process.stderr.write(process.stderr.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
  };
}
