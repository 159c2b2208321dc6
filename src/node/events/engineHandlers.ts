/** What the engine child does for each request type, over one DuckDB and the dataset it last loaded. */
import { ingest } from '../../core/events/ingest/ingest';
import { eventsDefaults, formatWindow, type EventsOptions } from '../../core/events/options';
import { columnValues } from '../../core/events/queries/columnValues';
import { computeFriction } from '../../core/events/queries/friction';
import { frictionDetails } from '../../core/events/queries/frictionDetails';
import { computeFunnel } from '../../core/events/queries/funnel';
import { parseStep } from '../../core/events/queries/funnelDefinition';
import { stepDetails } from '../../core/events/queries/stepDetails';
import { MatchCache } from '../../core/events/queries/funnelUnits';
import { unitJourney } from '../../core/events/journeys/journeysSection';
import { buildEventsReport, funnelFor, unitCounts } from '../../core/events/report';
import { clusterInWorker } from './clusterInWorker';
import { segmentsCsv } from '../../core/events/segments';
import type { SectionArtifacts } from '../../core/events/sections';
import type { SqlEngine } from '../../core/events/engine';
import type { EngineRequests, LoadResult, RequestType } from './engineProtocol';
import { findEventFiles } from './eventFiles';

export interface EngineState {
  engine: SqlEngine;
  loaded: (LoadResult & { options: EventsOptions }) | null;
  /** What the last analyzeAll computed beyond its report. */
  artifacts?: SectionArtifacts;
  /** Step-match reads of the loaded log, kept for the next funnel edit (funnelUnits.ts). */
  matches?: MatchCache;
}

type Handler<K extends RequestType> = (
  state: EngineState,
  params: EngineRequests[K]['params'],
  progress: (text: string) => void,
) => Promise<EngineRequests[K]['result']>;

function need(state: EngineState): LoadResult & { options: EventsOptions } {
  if (!state.loaded) throw new Error('no event log loaded: send "load" (or "analyzeAll" with a target) first');
  return state.loaded;
}

function withOverrides(state: EngineState, overrides?: Partial<EventsOptions>): EventsOptions {
  return { ...need(state).options, ...(overrides ?? {}) };
}

async function load(
  state: EngineState,
  target: string,
  options: Partial<EventsOptions> | undefined,
  progress: (t: string) => void,
): Promise<LoadResult> {
  const { root, files } = await findEventFiles(target);
  const opts = eventsDefaults(options);
  const { info, problems } = await ingest(state.engine, files, opts, progress);
  const result: LoadResult = { root, info, problems, units: await unitCounts(state.engine) };
  state.loaded = { ...result, options: opts };
  state.artifacts = undefined;
  state.matches = new MatchCache();
  return result;
}

export const HANDLERS: { [K in RequestType]: Handler<K> } = {
  load: (state, p, progress) => load(state, p.target, p.options, progress),
  funnel: async (state, p) => {
    const opts = withOverrides(state, p.options);
    const f = await funnelFor(state.engine, need(state).info, opts);
    return f
      ? computeFunnel(state.engine, need(state).info, f.def, {
          window: opts.window,
          suggested: f.suggested,
          cache: state.matches,
        })
      : null;
  },
  stepDetails: async (state, p) => {
    const def = p.definition ?? (await funnelFor(state.engine, need(state).info, withOverrides(state, p.options)))?.def;
    return def ? stepDetails(state.engine, need(state).info, def, p.step, p.index, state.matches) : null;
  },
  funnelDefinition: async (state, p) =>
    (await funnelFor(state.engine, need(state).info, withOverrides(state, p.options)))?.def ?? null,
  recomputeFunnel: async (state, p) =>
    computeFunnel(state.engine, need(state).info, p.definition, {
      window: p.definition.windowMs === null ? null : formatWindow(p.definition.windowMs),
      suggested: false,
      cache: state.matches,
    }),
  frictionDetails: async (state, p) => {
    const opts = withOverrides(state, p.options);
    const matcher = opts.errorMatcher ? parseStep(`errors: ${opts.errorMatcher}`).conditions : null;
    return frictionDetails(state.engine, need(state).info, matcher, p);
  },
  columnValues: async (state, p) => columnValues(state.engine, need(state).info, p.column, p.prefix, p.limit),
  friction: async (state, p) => {
    const opts = withOverrides(state, p.options);
    const f = await funnelFor(state.engine, need(state).info, opts);
    const matcher = opts.errorMatcher ? parseStep(`errors: ${opts.errorMatcher}`).conditions : null;
    return computeFriction(state.engine, need(state).info, f?.def ?? null, matcher, { cache: state.matches });
  },
  journey: async (state, p) => unitJourney(state.engine, need(state).info, withOverrides(state, p.options), p.id),
  analyzeAll: async (state, p, progress) => {
    if (p.target) await load(state, p.target, p.options, progress);
    const loaded = need(state);
    const opts = withOverrides(state, p.options);
    state.artifacts = {};
    return buildEventsReport(state.engine, loaded.info, opts, {
      root: loaded.root,
      problems: loaded.problems,
      onSection: (id) => progress(`computing ${id}`),
      artifacts: state.artifacts,
      clusterUsers: clusterInWorker,
      matches: state.matches,
    });
  },
  segmentsCsv: async (state) => {
    const segments = state.artifacts?.segments;
    return segments?.table ? segmentsCsv(segments) : null;
  },
  query: async (state, p) => state.engine.all(p.sql),
  close: async () => null,
};
