/** The readable summary of an EventsReport on a terminal: sources, units, the funnel as bars, friction, notes, problems. */
import type { EventsReport, FunnelStepResult } from '../core/events/types';
import { pct as percent } from '../core/shared/format';
import { journeysSummary } from './eventsJourneysSummary';

/** The CLI prints shares to one decimal. */
const pct = (x: number): string => percent(x, 1);
import { safe } from './terminal';

// Shared with the recordings' CLI: one escaping for everything sent to a terminal.
export { safe };

export function duration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms < 172_800_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function funnelBars(steps: FunnelStepResult[], width = 40): string[] {
  const top = Math.max(1, steps[0]?.count ?? 1);
  const nameWidth = Math.min(32, Math.max(...steps.map((s) => s.name.length), 4));
  return steps.map((s, i) => {
    const bar = '█'.repeat(Math.round((s.count / top) * width)).padEnd(width, '·');
    const name = safe(s.name).slice(0, nameWidth).padEnd(nameWidth);
    const extra =
      i === 0
        ? ''
        : `  ${pct(s.conversionFromPrevious)} of previous${s.medianTimeFromPreviousMs !== null ? `, median ${duration(s.medianTimeFromPreviousMs)}` : ''}, ${s.dropped} dropped`;
    return `  ${i + 1}. ${name} ${bar} ${String(s.count).padStart(7)}  ${pct(s.conversionFromStart).padStart(6)}${extra}`;
  });
}

export function formatEventsSummary(r: EventsReport, seconds: number): string {
  const out: string[] = [];
  out.push(`Event log: ${safe(r.root)}`);
  for (const s of r.sources) {
    const roles =
      s.table === 'events'
        ? `  user=${s.roles.user} session=${s.roles.session ?? '(cut at inactivity)'} time=${s.roles.time ?? '(none)'} event=${s.roles.event ?? '(none)'}`
        : '';
    out.push(
      `  ${safe(s.file)} [${s.table === 'events' ? s.layout : `${s.table} table`}] ${s.rows} rows${s.rejected ? `, ${s.rejected} rejected` : ''}${s.replaced ? `, ${s.replaced} replaced by later versions` : ''}${roles}`,
    );
  }
  out.push(
    `  ${r.units.users} users, ${r.units.sessions} sessions, ${r.units.events} events (${seconds.toFixed(1)} s)`,
  );
  if (r.funnel) {
    const f = r.funnel;
    out.push(
      '',
      `Funnel${f.suggested ? ' (suggested from the data; give your own with --funnel)' : ''}: unit ${f.unit}, order ${f.order}, window ${f.window ?? 'none'}`,
    );
    out.push(...funnelBars(f.steps));
    for (const w of f.warnings) out.push(`  ! ${safe(w)}`);
    if (f.breakdown) {
      out.push(`  by ${safe(f.breakdown.by)}:`);
      for (const g of f.breakdown.groups) {
        out.push(
          `    ${safe(g.value)}: ${g.steps.map((s) => s.count).join(' > ')} (${pct(g.steps.at(-1)!.conversionFromStart)} convert)`,
        );
      }
    }
  }
  if (r.friction && r.friction.length) {
    out.push('', 'Friction (errors seen, and whether those sessions completed the funnel):');
    for (const x of r.friction.slice(0, 10)) {
      out.push(
        `  ${safe(x.message)}${x.path ? ` @ ${safe(x.path)}` : ''}: ${x.sessions} sessions, ${x.users} users, ${pct(x.conversionRate)} completed vs ${pct(x.baselineConversionRate)} without it`,
      );
    }
  }
  out.push(...analysesSummary(r));
  out.push(...journeysSummary(r));
  const notes = Object.entries(r.notes);
  if (notes.length) {
    out.push('', 'Notes:');
    for (const [k, v] of notes) out.push(`  ${k}: ${safe(v ?? '')}`);
  }
  if (r.problems.length) {
    const errors = r.problems.filter((p) => p.severity === 'error').length;
    out.push('', `Problems (${errors} errors, ${r.problems.length - errors} warnings):`);
    for (const p of r.problems.slice(0, 20)) {
      out.push(
        `  ${p.severity === 'error' ? '✗' : '!'} ${safe(p.file)}${p.line ? `:${p.line}` : ''}${p.column ? `:${p.column}` : ''} ${safe(p.message)}`,
      );
    }
    if (r.problems.length > 20) out.push(`  … ${r.problems.length - 20} more in the --json report`);
  }
  return out.join('\n');
}

/** Paths, retention, segments and customers, a few lines each (the JSON report has everything). */
function analysesSummary(r: EventsReport): string[] {
  const out: string[] = [];
  const p = r.paths;
  if (p) {
    out.push(
      '',
      `Paths (${p.units} ${p.unit}s, repeats collapsed; length mean ${p.length.mean.toFixed(1)}, median ${p.length.median}, p90 ${p.length.p90}):`,
    );
    for (const x of p.pages.slice(0, 8))
      out.push(`  ${safe(x.page)}: in ${pct(x.importance)} of journeys, ${x.visits} visits`);
    out.push(
      '  top transitions: ' +
        p.transitions
          .slice(0, 5)
          .map((t) => `${safe(t.from)} → ${safe(t.to)} (${t.count})`)
          .join(', '),
    );
    if (p.sequences.length)
      out.push('  top sequence: ' + p.sequences[0].pages.map(safe).join(' → ') + ` (${p.sequences[0].count})`);
  }
  const ret = r.retention;
  if (ret && ret.cohorts.length) {
    out.push('', `Retention (${ret.period}ly cohorts by ${safe(ret.cohortBy)}; share active m periods later):`);
    for (const c of ret.cohorts.slice(0, 12)) {
      out.push(
        `  ${c.cohort} (${c.size}): ${c.retained
          .slice(0, 8)
          .map((x) => pct(x).padStart(6))
          .join(' ')}`,
      );
    }
  }
  const seg = r.segments;
  if (seg) {
    out.push(
      '',
      `Segments (k = ${seg.k} by ${seg.kChosenBy}, silhouette ${seg.silhouette.toFixed(2)}; features ${seg.features.join(', ')}):`,
    );
    for (const c of seg.clusters) out.push(`  ${c.id}. ${safe(c.name)}: ${c.size} users`);
  }
  const ltv = r.ltv;
  if (ltv && ltv.top.length) {
    out.push(
      '',
      `Top customers by simple LTV (${ltv.weeks.toFixed(1)} weeks of data, ${ltv.lifespanYears}-year lifespan):`,
    );
    for (const c of ltv.top) {
      out.push(
        `  ${safe(c.customer)}: LTV ${c.ltv.toFixed(2)}, ${c.visits} visits, spend ${c.expenditure.toFixed(2)}, ${c.visitsPerWeek.toFixed(2)} visits/week`,
      );
    }
  }
  return out;
}
