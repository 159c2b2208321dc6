/** Assembles the EventsReport from the loaded tables: the funnel to use, then every section of the registry. */
import type { SqlEngine } from './engine';
import type { EventsOptions } from './options';
import { suggestFunnel } from './queries/funnel';
import { funnelDefinition, parseStep, parseSteps } from './queries/funnelDefinition';
import { MatchCache } from './queries/funnelUnits';
import { UNIT_KEYS } from './queries/unitKeys';
import { SECTIONS, type Section, type SectionArtifacts, type SectionContext, type SectionResult } from './sections';
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
    /** Step-match reads kept from earlier requests on this log (a new one when absent). */
    matches?: MatchCache;
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
  const funnel = await funnelFor(engine, info, options);
  const ctx: SectionContext = {
    engine,
    info,
    options,
    funnel,
    errorMatcher: options.errorMatcher ? parseStep(`errors: ${options.errorMatcher}`).conditions : null,
    artifacts: meta.artifacts ?? {},
    root: meta.root,
    clusterUsers: meta.clusterUsers,
    funnelRead: { cache: meta.matches ?? new MatchCache(), alsoRead: funnel?.def.by ? ['sid', 'row'] : ['sid'] },
  };
  const pending: Promise<void>[] = [];
  const failures = new Map<EventsSection, EventsProblem>();
  const compute = async (section: Section, on: SqlEngine) => {
    meta.onSection?.(section.id);
    const store = ({ value, note }: SectionResult<EventsSection>) => {
      (report as unknown as Record<string, unknown>)[section.id] = value;
      if (note) report.notes[section.id] = note;
    };
    // One section failing (a bad --by column, a regex DuckDB rejects) must not lose the others.
    const fail = (err: unknown) => {
      const message = (err as Error).message.split('\n')[0];
      report.notes[section.id] = `failed: ${message}`;
      failures.set(section.id, { file: '', message: `${section.id}: ${message}`, severity: 'error' });
    };
    try {
      const outcome = await section.compute(on === engine ? ctx : { ...ctx, engine: on });
      if ('pending' in outcome) pending.push(outcome.pending.then(store, fail));
      else store(outcome);
    } catch (err) {
      fail(err);
    }
  };
  // Two lanes where the engine can open a second connection: the main one runs the sections whose tables later
  // requests read, then helps with the rest; the second takes the self-contained ones from the start.
  const second = engine.fork ? await engine.fork() : null;
  try {
    if (second) await second.run(`SET TimeZone = 'UTC'`);
    const shared = SECTIONS.filter((s) => second && s.ownConnection);
    const lane = async (on: SqlEngine, own: Section[]) => {
      for (const section of own) await compute(section, on);
      for (let next = shared.shift(); next; next = shared.shift()) await compute(next, on);
    };
    await Promise.all([
      lane(
        engine,
        SECTIONS.filter((s) => !(second && s.ownConnection)),
      ),
      second ? lane(second, []) : Promise.resolve(),
    ]);
  } finally {
    await second?.close();
  }
  await Promise.all(pending);
  // Sections finish in any order; the report reads the same every run.
  const order = (id: string) => SECTIONS.findIndex((s) => s.id === id);
  report.notes = Object.fromEntries(Object.entries(report.notes).sort(([a], [b]) => order(a) - order(b)));
  report.problems.push(...SECTIONS.flatMap((s) => failures.get(s.id) ?? []));
  return report;
}
