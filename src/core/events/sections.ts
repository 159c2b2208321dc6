/**
 * The report's sections, one line each: `compute` returns the section or null with a note saying why not.
 * Adding an analysis is one entry here (and, for the engine process, one request type in engineProtocol.ts).
 */
import type { SqlEngine } from './engine';
import type { EventsOptions } from './options';
import { computeFriction } from './queries/friction';
import { computeFunnel } from './queries/funnel';
import type { Condition, DatasetInfo, EventsReport, EventsSection, FunnelDefinition } from './types';

export interface SectionContext {
  engine: SqlEngine;
  info: DatasetInfo;
  options: EventsOptions;
  /** The funnel to report (given or suggested); null when none could be built. */
  funnel: { def: FunnelDefinition; suggested: boolean } | null;
  errorMatcher: Condition[] | null;
}

export type SectionResult<K extends EventsSection> = { value: EventsReport[K]; note?: string };

export interface Section<K extends EventsSection = EventsSection> {
  id: K;
  compute(ctx: SectionContext): Promise<SectionResult<K>>;
}

function pending<K extends EventsSection>(id: K, what: string): Section<K> {
  return {
    id,
    compute: async () => ({
      value: null as EventsReport[K],
      note: `${what} is not in this build yet (issue 9, analyses module pending)`,
    }),
  };
}

export const SECTIONS: Section[] = [
  {
    id: 'funnel',
    compute: async (ctx) =>
      ctx.funnel
        ? {
            value: await computeFunnel(ctx.engine, ctx.info, ctx.funnel.def, {
              window: ctx.options.window,
              suggested: ctx.funnel.suggested,
            }),
          }
        : { value: null, note: 'no funnel given and none could be suggested (no event reached by 5% of users)' },
  },
  {
    id: 'friction',
    compute: async (ctx) => {
      const rows = await computeFriction(ctx.engine, ctx.info, ctx.funnel?.def ?? null, ctx.errorMatcher);
      return {
        value: rows,
        note:
          rows.length === 0
            ? 'no error events (css, event or type containing "error", or the configured matcher)'
            : undefined,
      };
    },
  },
  // The other analyses' modules land from a parallel branch; each becomes one line like:
  //   { id: 'paths', compute: async (ctx) => computePaths(ctx.engine, ctx.info, ctx.options).then((r) => ({ value: r.report, note: r.note })) },
  pending('paths', 'paths'),
  //   { id: 'retention', compute: async (ctx) => computeRetention(ctx.engine, ctx.info, ctx.options).then(...) },
  pending('retention', 'retention'),
  //   { id: 'segments', compute: async (ctx) => computeSegments(ctx.engine, ctx.info, ctx.options).then(...) },
  pending('segments', 'segments'),
  //   { id: 'ltv', compute: async (ctx) => computeLtv(ctx.engine, ctx.info, ctx.options).then(...) },
  pending('ltv', 'LTV'),
];
