/**
 * Rule-based notes: one plain sentence or two per dashboard view, made only from the numbers the view shows (the
 * step with the biggest drop-off, the error message with the largest completion gap, ...). The dashboard shows them,
 * labelled "Rule-based note", where no AI note has been written. vscode-free and DOM-free, so the webview, an export
 * and the tests share them.
 */
import { duration } from '../shared/format';
import type {
  EventsReport,
  FrictionRow,
  FunnelReport,
  LtvReport,
  PathsReport,
  RetentionReport,
  SegmentsReport,
} from './types';

// The dashboard's number formats (webview/shell/format.ts) for shares and counts; durations share core/shared/format.
const pctFmt = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });
const intFmt = new Intl.NumberFormat('en');
const pct = (x: number): string => (Number.isFinite(x) ? pctFmt.format(x) : '–');
const int = (x: number): string => intFmt.format(x);

export function funnelNote(f: FunnelReport | null): string | null {
  if (!f || f.steps.length < 2) return null;
  let worst = 1;
  for (let i = 1; i < f.steps.length; i++) if (f.steps[i].dropped > f.steps[worst].dropped) worst = i;
  const s = f.steps[worst],
    prev = f.steps[worst - 1],
    last = f.steps[f.steps.length - 1];
  const slow =
    s.medianTimeFromPreviousMs !== null
      ? ` Those who continue take a median ${duration(s.medianTimeFromPreviousMs)} to get there.`
      : '';
  return `The largest drop is from "${prev.name}" to "${s.name}": ${int(s.dropped)} ${f.unit}s (${pct(1 - s.conversionFromPrevious)} of those who reached "${prev.name}") go no further.${slow} Overall ${pct(last.conversionFromStart)} of ${f.unit}s who start reach "${last.name}".`;
}

export function frictionNote(rows: FrictionRow[] | null): string | null {
  if (!rows || rows.length === 0) return null;
  const worst = [...rows].sort(
    (a, b) =>
      (b.baselineConversionRate - b.conversionRate) * b.sessions -
      (a.baselineConversionRate - a.conversionRate) * a.sessions,
  )[0];
  const gap = worst.baselineConversionRate - worst.conversionRate;
  if (gap <= 0)
    return `No error message is linked to lower completion: sessions that saw "${worst.message}" completed at ${pct(worst.conversionRate)}, against ${pct(worst.baselineConversionRate)} without it.`;
  return `"${worst.message}" costs the most: ${int(worst.sessions)} sessions saw it and ${pct(worst.conversionRate)} of them completed, against ${pct(worst.baselineConversionRate)} of sessions that did not see it — about ${int(Math.round(gap * worst.sessions))} completions fewer.`;
}

export function pathsNote(p: PathsReport | null): string | null {
  if (!p || p.pages.length === 0) return null;
  const top = [...p.pages].sort((a, b) => b.importance - a.importance)[0];
  const tr = p.transitions[0];
  return `"${top.page}" is in ${pct(top.importance)} of ${p.unit} journeys.${tr ? ` The most common step is "${tr.from}" → "${tr.to}" (${int(tr.count)} times).` : ''} A journey is ${p.length.median} pages long at the median, ${p.length.p90} at the 90th percentile.`;
}

export function retentionNote(r: RetentionReport | null, avg: { period: number; share: number }[]): string | null {
  if (!r || avg.length < 2) return null;
  const p1 = avg[1];
  const last = avg[avg.length - 1];
  const best = r.cohorts.filter((c) => c.retained.length > 1).sort((a, b) => b.retained[1] - a.retained[1])[0];
  return `On average ${pct(p1.share)} of a cohort comes back in its next ${r.period}, and ${pct(last.share)} is still active ${last.period} ${r.period}s later.${best ? ` The ${best.cohort} cohort returned best (${pct(best.retained[1])}).` : ''}`;
}

export function segmentsNote(s: SegmentsReport | null): string | null {
  if (!s || s.clusters.length === 0) return null;
  const total = s.clusters.reduce((a, c) => a + c.size, 0);
  const big = [...s.clusters].sort((a, b) => b.size - a.size)[0];
  const fit =
    s.silhouette >= 0.5 ? 'well separated' : s.silhouette >= 0.25 ? 'moderately separated' : 'weakly separated';
  return `${s.k} segments, ${fit} (silhouette ${s.silhouette.toFixed(2)}). The largest, "${big.name}", holds ${pct(big.size / Math.max(1, total))} of users.`;
}

export function customersNote(l: LtvReport | null): string | null {
  if (!l || l.top.length === 0) return null;
  const first = l.top[0];
  return `The top customer's LTV is ${first.ltv.toFixed(2)}, from ${int(first.visits)} visits (${first.visitsPerWeek.toFixed(2)} a week) and ${first.expenditure.toFixed(2)} spent over the ${l.weeks.toFixed(1)} weeks of data, projected over ${l.lifespanYears} years.`;
}

export function overviewNote(r: EventsReport): string | null {
  const errors = r.problems.filter((p) => p.severity === 'error').length;
  const rejected = r.sources.reduce((a, s) => a + s.rejected, 0);
  if (errors === 0 && rejected === 0)
    return `${int(r.units.events)} events from ${int(r.units.users)} users in ${int(r.units.sessions)} sessions were read with no rejected rows.`;
  return `${int(rejected)} rows were rejected and ${int(errors)} errors reported; everything else (${int(r.units.events)} events) was analysed. The problems list says where.`;
}
