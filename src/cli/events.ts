// journey-lens events PATH: analyse a product event log (file or folder) in the engine child process.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eventsDefaults, parseRoleMap, parseWindow, type EventsOptions } from '../core/events/options';
import { openAfterMs, outcomeSpec } from '../core/events/journeys/outcomeSpec';
import { parseStep, parseSteps } from '../core/events/queries/funnelDefinition';
import type { EventsReport } from '../core/events/types';
import { EngineClient } from '../node/events/engineClient';
import { writeEventsDashboardHtml } from '../node/events/exportHtml';
import { writeAtomically } from '../node/writeAtomically';
import { formatEventsSummary, safe } from './eventsSummary';

export const EVENTS_USAGE = `Usage: journey-lens events PATH [options]

Analyse a product event log (CSV/TSV, JSON lines, JSON array, Parquet, page sequences, typed events) or a folder
holding one with its users.csv / products.csv.

Options:
  --funnel "A > B > C"     steps: an event name, or "Name: column OP value & ..." (OP: = != ^= *= ~=); default: suggested
  --unit user|session      what a funnel counts, and what a journey is (default user)
  --window 7d|24h|30m      every step within this time of the step-1 event (default: none)
  --order sequential|strict|any   (default sequential)
  --by COLUMN              funnel breakdown: a users.csv column or a value on the step-1 event
  --map ROLE=COL,...       name the user, session, time and event columns
  --session-gap MINUTES    inactivity that ends a session when the log has none (default 30)
  --error-match COND       also count events matching this condition as errors (e.g. "text*=failed")
  --period day|week|month  retention period (default month)
  --cohort-by COLUMN       retention cohorts by a users.csv date column (e.g. registration_date)
  --segments N             number of segments (default: by silhouette)
  --ltv-top X              top customers by LTV (default 10)
  --drop-pages PATTERN     pages left out of paths
  --outcome STEP           journeys: each unit's events up to this step (funnel language, e.g. purchase) are classified
  --outcome-column COL=VAL journeys labelled by a column instead (e.g. subscription_type=Annual); nothing is cut
  --open-after 30d         a unit without the outcome is open until idle this long (default 30d; sessions: their end)
  --journey-sample N       journeys carried in full in the JSON report (default 200; every unit is summarised)
  --journey-limit N        units the journeys model trains on (default 10000; beyond, a seeded stratified sample)
  --ai                     journeys: ask an OpenAI-compatible model for an analysis of each journey in the sample
                           (needs OPENAI_API_KEY, or --openai-base-url for a local server; answers are cached)
  --openai-base-url URL    OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 for Ollama
  --model NAME             model for --ai
  --no-redact              send text to the model without replacing emails, phones, cards, IPs, URL tokens
  --json FILE              write the report as JSON (atomically: a temp file beside it, then renamed)
  --html FILE              write the event dashboard as one self-contained HTML file (atomically)
  --journeys-html FILE     write the journeys (with --outcome) as the recordings' self-contained dashboard
  --segments-csv FILE      write user_id, cluster and the segment features of every user as CSV (atomically)
  --memory-limit SIZE      DuckDB memory limit before it spills to disk (default 2GB)
  --quiet                  no progress on stderr
  -h, --help               this help

Exit codes: 0 success, 1 the analysis failed (nothing could be read, the engine crashed), 2 bad usage.`;

export async function eventsMain(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        funnel: { type: 'string' },
        unit: { type: 'string' },
        window: { type: 'string' },
        order: { type: 'string' },
        by: { type: 'string' },
        map: { type: 'string' },
        'session-gap': { type: 'string' },
        'error-match': { type: 'string' },
        period: { type: 'string' },
        'cohort-by': { type: 'string' },
        segments: { type: 'string' },
        'ltv-top': { type: 'string' },
        'drop-pages': { type: 'string' },
        outcome: { type: 'string' },
        'outcome-column': { type: 'string' },
        'open-after': { type: 'string' },
        'journey-sample': { type: 'string' },
        'journey-limit': { type: 'string' },
        ai: { type: 'boolean', default: false },
        'openai-base-url': { type: 'string' },
        model: { type: 'string' },
        'no-redact': { type: 'boolean', default: false },
        json: { type: 'string' },
        html: { type: 'string' },
        'journeys-html': { type: 'string' },
        'segments-csv': { type: 'string' },
        'memory-limit': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values: v, positionals } = args;
  if (v.help) {
    process.stdout.write(`${EVENTS_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    return usage(positionals.length ? `unexpected argument "${positionals[1]}"` : 'missing PATH');
  let options: EventsOptions;
  try {
    options = toOptions(v);
  } catch (err) {
    return usage((err as Error).message);
  }
  const journeysWanted = options.outcome !== null || options.outcomeColumn !== null;
  if (v.ai && !journeysWanted)
    return usage('--ai analyses the journeys of an event log: give --outcome STEP or --outcome-column COL=VAL too');
  if (v['journeys-html'] && !journeysWanted)
    return usage('--journeys-html needs journeys: give --outcome STEP or --outcome-column COL=VAL too');
  const target = path.resolve(positionals[0]);
  try {
    await stat(target);
  } catch {
    return usage(`not found: ${target}`);
  }

  const started = performance.now();
  const client = new EngineClient({ memoryLimit: v['memory-limit'] });
  const progress = v.quiet ? undefined : (text: string) => process.stderr.write(`${safe(text)}\n`);
  try {
    const report: EventsReport = await client.request('analyzeAll', { target, options }, progress);
    // The journeys carry their rule-based analyses already: a failed AI run still leaves reports to write.
    let aiFailure: string | null = null;
    if (v.ai && report.journeys) {
      const { runAi } = await import('./ai');
      const ai = await runAi(report.journeys, {
        baseURL: v['openai-base-url'],
        model: v.model,
        redact: !v['no-redact'],
        quiet: v.quiet,
      });
      if (!ai.ok) aiFailure = ai.reason;
    }
    const written: string[] = [];
    if (v.json) {
      await writeAtomically(v.json, `${JSON.stringify(report, null, 2)}\n`);
      written.push(`Report written to ${safe(v.json)}`);
    }
    if (v.html) {
      await writeEventsDashboardHtml(report, v.html);
      written.push(`Dashboard written to ${safe(v.html)}`);
    }
    if (v['journeys-html']) {
      if (report.journeys) {
        const { exportHtml } = await import('../node/exportHtml');
        await writeAtomically(v['journeys-html'], await exportHtml(report.journeys));
        written.push(`Journeys dashboard written to ${safe(v['journeys-html'])}`);
      } else written.push(`No journeys to write to ${safe(v['journeys-html'])}: ${safe(report.notes.journeys ?? '')}`);
    }
    if (v['segments-csv']) {
      const csv = await client.request('segmentsCsv', {});
      if (csv === null)
        written.push(
          `No segments to write to ${safe(v['segments-csv'])}: ${safe(report.notes.segments ?? 'none were computed')}`,
        );
      else {
        await writeAtomically(v['segments-csv'], csv);
        written.push(
          `Segments of ${report.segments?.clusters.reduce((n, c) => n + c.size, 0) ?? 0} users written to ${safe(v['segments-csv'])}`,
        );
      }
    }
    process.stdout.write(`${formatEventsSummary(report, (performance.now() - started) / 1000)}\n`);
    if (written.length) process.stdout.write(`\n${written.join('\n')}\n`);
    if (aiFailure !== null) {
      const where = written.length ? 'the reports hold' : 'the summary shows';
      process.stderr.write(`journey-lens: AI analysis failed (${safe(aiFailure)}); ${where} the rule-based analysis\n`);
      return 1;
    }
    if (report.units.events === 0) {
      process.stderr.write(`journey-lens: no event could be read from ${safe(target)} (see the problems above)\n`);
      return 1;
    }
    return 0;
  } catch (err) {
    process.stderr.write(`journey-lens: event analysis failed: ${safe((err as Error).message)}\n`);
    return 1;
  } finally {
    await client.dispose();
  }
}

type Flags = Record<string, string | boolean | undefined>;

function toOptions(v: Flags): EventsOptions {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const oneOf = <T extends string>(k: string, allowed: readonly T[]): T | undefined => {
    const x = s(k);
    if (x !== undefined && !allowed.includes(x as T)) throw new Error(`--${k} must be one of ${allowed.join(', ')}`);
    return x as T | undefined;
  };
  const int = (k: string, min: number): number | undefined => {
    const x = s(k);
    if (x === undefined) return undefined;
    const n = Number(x);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${k} must be an integer ≥ ${min}`);
    return n;
  };
  if (s('funnel') !== undefined) parseSteps(s('funnel')!);
  if (s('window') !== undefined) parseWindow(s('window')!);
  if (s('error-match') !== undefined) parseStep(`errors: ${s('error-match')}`);
  const outcome = { outcome: s('outcome') ?? null, outcomeColumn: s('outcome-column') ?? null };
  outcomeSpec(outcome);
  openAfterMs({ openAfter: s('open-after') ?? null });
  const d = eventsDefaults();
  return eventsDefaults({
    funnel: s('funnel') ?? null,
    unit: oneOf('unit', ['user', 'session'] as const) ?? d.unit,
    window: s('window') ?? null,
    order: oneOf('order', ['sequential', 'strict', 'any'] as const) ?? d.order,
    by: s('by') ?? null,
    map: s('map') !== undefined ? parseRoleMap(s('map')!) : {},
    sessionGapMinutes: int('session-gap', 1) ?? d.sessionGapMinutes,
    errorMatcher: s('error-match') ?? null,
    period: oneOf('period', ['day', 'week', 'month'] as const) ?? d.period,
    segments: int('segments', 2) ?? null,
    ltvTop: int('ltv-top', 1) ?? d.ltvTop,
    dropPages: s('drop-pages') ?? null,
    cohortBy: s('cohort-by') ?? null,
    ...outcome,
    openAfter: s('open-after') ?? null,
    journeySample: int('journey-sample', 0) ?? d.journeySample,
    journeyModelLimit: int('journey-limit', 4) ?? d.journeyModelLimit,
  });
}

function usage(message: string): number {
  process.stderr.write(`journey-lens events: ${safe(message)}\n\n${EVENTS_USAGE}\n`);
  return 2;
}
