/** Assembles the EventsReport from the loaded tables: the funnel to use, then every section of the registry. */
import type { SqlEngine } from './engine';
import type { EventsOptions } from './options';
import { suggestFunnel } from './queries/funnel';
import { funnelDefinition, parseStep, parseSteps } from './queries/funnelDefinition';
import { UNIT_KEYS } from './queries/unitKeys';
import { SECTIONS, type SectionArtifacts, type SectionContext, type SectionResult } from './sections';
import type { ClusterUsers } from './segments';
import type { DatasetInfo, EventsProblem, EventsReport, EventsSection, UnitCounts } from './types';

export async function unitCounts(engine: SqlEngine): Promise<UnitCounts> {
  const [r] = await engine.all<{ users: number; sessions: number; events: number }>(
    `SELECT (SELECT count(*) FROM ${UNIT_KEYS.user.table})::BIGINT AS users, (SELECT count(*) FROM ${UNIT_KEYS.session.table})::BIGINT AS sessions,
            count(*)::BIGINT AS events FROM events`,
  );
  return r;
}

/** The funnel of the options: parsed, or suggested from the data when none was given. */
export async function funnelFor(
  engine: SqlEngine,
  info: DatasetInfo,
  options: EventsOptions,
): Promise<SectionContext['funnel']> {
  const steps = options.funnel ? parseSteps(options.funnel) : await suggestFunnel(engine, info);
  if (steps.length === 0) return null;
  return {
    def: funnelDefinition({ steps, unit: options.unit, window: options.window, order: options.order, by: options.by }),
    suggested: !options.funnel,
  };
}

export async function buildEventsReport(
  engine: SqlEngine,
  info: DatasetInfo,
  options: EventsOptions,
  meta: {
    root: string;
    problems: EventsProblem[];
    onSection?: (id: EventsSection) => void;
    /** Filled with what sections computed beyond the report (the per-user segment table). */
    artifacts?: SectionArtifacts;
    /** Where users are clustered (a worker thread in the engine process); this thread when absent. */
    clusterUsers?: ClusterUsers;
  },
): Promise<EventsReport> {
  const report: EventsReport = {
    schemaVersion: 1,
    kind: 'events',
    generatedAt: new Date().toISOString(),
    root: meta.root,
    sources: info.sources,
    units: await unitCounts(engine),
    funnel: null,
    friction: null,
    paths: null,
    retention: null,
    segments: null,
    ltv: null,
    journeys: null,
    notes: {},
    problems: [...meta.problems],
  };
  const ctx: SectionContext = {
    engine,
    info,
    options,
    funnel: await funnelFor(engine, info, options),
    errorMatcher: options.errorMatcher ? parseStep(`errors: ${options.errorMatcher}`).conditions : null,
    artifacts: meta.artifacts ?? {},
    root: meta.root,
    clusterUsers: meta.clusterUsers,
  };
  const pending: Promise<void>[] = [];
  for (const section of SECTIONS) {
    meta.onSection?.(section.id);
    const store = ({ value, note }: SectionResult<EventsSection>) => {
      (report as unknown as Record<string, unknown>)[section.id] = value;
      if (note) report.notes[section.id] = note;
    };
    // One section failing (a bad --by column, a regex DuckDB rejects) must not lose the others.
    const fail = (err: unknown) => {
      report.notes[section.id] = `failed: ${(err as Error).message.split('\n')[0]}`;
      report.problems.push({
        file: '',
        message: `${section.id}: ${(err as Error).message.split('\n')[0]}`,
        severity: 'error',
      });
    };
    try {
      const outcome = await section.compute(ctx);
      if ('pending' in outcome) pending.push(outcome.pending.then(store, fail));
      else store(outcome);
    } catch (err) {
      fail(err);
    }
  }
  await Promise.all(pending);
  return report;
}
