/**
 * The report's sections, one line each: `compute` returns the section or null with a note saying why not.
 * Adding an analysis is one entry here (and, for the engine process, one request type in engineProtocol.ts).
 */
import type { SqlEngine } from './engine';
import type { EventsOptions } from './options';
import { computeLtv, computePaths, computeRetention } from './analyses';
import { computeFriction } from './queries/friction';
import { computeFunnel } from './queries/funnel';
import type { FunnelReadOptions } from './queries/funnelUnits';
import { clusterInThread, type ClusterUsers, type SegmentsResult } from './segments';
import { userFeatures } from './segments/features';
import { computeJourneys } from './journeys/journeysSection';
import type { Condition, DatasetInfo, EventsReport, EventsSection, FunnelDefinition } from './types';

export interface SectionContext {
  engine: SqlEngine;
  info: DatasetInfo;
  options: EventsOptions;
  /** The funnel to report (given or suggested); null when none could be built. */
  funnel: { def: FunnelDefinition; suggested: boolean } | null;
  errorMatcher: Condition[] | null;
  /** The analysed file or folder, as the report names it. */
  root: string;
  /** What a section computed beyond its report value, kept for outputs of their own (--segments-csv). */
  artifacts: SectionArtifacts;
  /** Where users are clustered (the engine process: a worker thread); in this thread when absent. */
  clusterUsers?: ClusterUsers;
  /**
   * How the funnel and friction read their steps: through one cache, each read carrying the columns both ask for
   * (session keys for friction, row ids for the funnel's breakdown), so the report reads the steps once.
   */
  funnelRead: FunnelReadOptions;
}

export interface SectionArtifacts {
  segments?: SegmentsResult;
}

export type SectionResult<K extends EventsSection> = { value: EventsReport[K]; note?: string };

/**
 * A section whose SQL is done but whose JavaScript still runs elsewhere (segments' clustering, in a worker) hands
 * back `pending`: the report goes on to the next section's SQL at once and collects the section at the end.
 */
export type SectionOutcome<K extends EventsSection> = SectionResult<K> | { pending: Promise<SectionResult<K>> };

export interface Section<K extends EventsSection = EventsSection> {
  id: K;
  /**
   * Leaves nothing behind that a later request reads (its TEMP tables are its own), so it may run on a second
   * connection at the same time as the other sections (report.ts).
   */
  ownConnection?: boolean;
  compute(ctx: SectionContext): Promise<SectionOutcome<K>>;
}

export const SECTIONS: Section[] = [
  // First: its clustering (the one long piece of JavaScript) then overlaps every other section's SQL.
  {
    id: 'segments',
    compute: async (ctx) => {
      const table = await userFeatures(ctx.engine, ctx.info);
      const cluster = ctx.clusterUsers ?? clusterInThread;
      return {
        pending: cluster(table, { k: ctx.options.segments ?? undefined }).then((r) => {
          ctx.artifacts.segments = r;
          return { value: r.report, note: r.note };
        }),
      };
    },
  },
  {
    id: 'funnel',
    compute: async (ctx) =>
      ctx.funnel
        ? {
            value: await computeFunnel(ctx.engine, ctx.info, ctx.funnel.def, {
              window: ctx.options.window,
              suggested: ctx.funnel.suggested,
              ...ctx.funnelRead,
              // edits are made from this funnel
              pin: true,
            }),
          }
        : { value: null, note: 'no funnel given and none could be suggested (no event reached by 5% of users)' },
  },
  {
    id: 'friction',
    ownConnection: true,
    compute: async (ctx) => {
      const rows = await computeFriction(
        ctx.engine,
        ctx.info,
        ctx.funnel?.def ?? null,
        ctx.errorMatcher,
        ctx.funnelRead,
      );
      return {
        value: rows,
        note:
          rows.length === 0
            ? 'no error events (css, event or type containing "error", or the configured matcher)'
            : undefined,
      };
    },
  },
  {
    id: 'paths',
    ownConnection: true,
    compute: async (ctx) =>
      computePaths(ctx.engine, ctx.info, {
        unit: ctx.options.unit,
        by: ctx.options.by ?? undefined,
        dropPages: ctx.options.dropPages ?? undefined,
      }).then((r) => ({ value: r.report, note: r.note })),
  },
  {
    id: 'retention',
    ownConnection: true,
    compute: async (ctx) =>
      computeRetention(ctx.engine, ctx.info, {
        period: ctx.options.period,
        cohortBy: ctx.options.cohortBy ?? undefined,
      }).then((r) => ({ value: r.report, note: r.note })),
  },
  {
    id: 'ltv',
    ownConnection: true,
    compute: async (ctx) =>
      computeLtv(ctx.engine, ctx.info, { top: ctx.options.ltvTop, lifespanYears: ctx.options.ltvYears }).then((r) => ({
        value: r.report,
        note: r.note,
      })),
  },
  { id: 'journeys', compute: (ctx) => computeJourneys(ctx.engine, ctx.info, ctx.options, ctx.root) },
];
