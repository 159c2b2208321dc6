/** The journeys section of the events summary: labels, the cross-validated scores, the early-warning curve. */
import type { EventsReport } from '../core/events/types';
import type { Outcome } from '../core/journeys/types';
import { safe } from './eventsSummary';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const TOP_INDICATORS = 5;
const TOP_OPEN = 5;

export function journeysSummary(r: EventsReport): string[] {
  const j = r.journeys;
  if (!j) return [];
  const name = (o: Outcome) => safe(o === 'upgrade' ? j.outcomes.upgrade : j.outcomes.cancel);
  const c = j.counts;
  const out = [
    '',
    `Journeys (${j.unit}s ${j.outcomes.from === 'event' ? 'up to' : 'labelled by'} "${safe(j.outcomes.definition)}"; ${name('upgrade')} vs ${name('cancel')}${j.openAfter ? `; open until ${safe(j.openAfter)} without it` : ''}):`,
    `  ${c.units} ${j.unit}s: ${c.positive} ${name('upgrade')}, ${c.negative} ${name('cancel')}, ${c.open} open`,
  ];
  for (const x of j.excluded) out.push(`  left out of every journey: ${safe(x.event)} (${safe(x.reason)})`);
  const ev = j.model.evaluation;
  if (!ev) {
    out.push(`  no model: ${safe(j.model.note ?? 'too few labelled journeys')}`);
    return out;
  }
  const folds = ev.method === 'leave-one-out' ? 'leave-one-out' : `stratified ${ev.folds}-fold`;
  out.push(
    `  status-blind logistic regression, ${folds} over ${ev.n} labelled ${j.unit}s${j.modelled < c.units ? ` (a sample: ${j.modelled} of ${c.units} ${j.unit}s modelled, the rest scored)` : ''}:`,
    `    accuracy ${pct(ev.accuracy)}${j.baselineAccuracy !== null ? ` (always guessing the larger class: ${pct(j.baselineAccuracy)})` : ''}, AUC ${ev.auc.toFixed(3)}, ` +
      `precision ${pct(ev.precision)}, recall ${pct(ev.recall)}, F1 ${ev.f1.toFixed(3)} for ${name('upgrade')}, Brier ${ev.brier.toFixed(3)}`,
    `    early warning (accuracy seeing only the first part of each journey): ${ev.earlyWarning
      .map((w) => `${Math.round(w.fraction * 100)}% → ${pct(w.accuracy)}`)
      .join(', ')}`,
  );
  for (const dir of ['upgrade', 'cancel'] as const) {
    const top = j.model.indicators.filter((i) => i.direction === dir).slice(0, TOP_INDICATORS);
    if (top.length)
      out.push(
        `  toward ${name(dir)}: ${top.map((i) => `${safe(i.feature)} (×${i.oddsRatio.toFixed(2)})`).join(', ')}`,
      );
  }
  const open = j.units
    .filter((u) => u.outcome === 'open' && u.pUpgrade !== null)
    .sort((a, b) => b.pUpgrade! - a.pUpgrade!)
    .slice(0, TOP_OPEN);
  if (open.length)
    out.push(
      `  open ${j.unit}s most likely to reach ${name('upgrade')}: ${open.map((u) => `${safe(u.id)} (${u.pUpgrade!.toFixed(2)})`).join(', ')}`,
    );
  out.push(`  the JSON report carries ${safe(j.sample.rule)}`);
  out.push(`  its "units" summary lists ${safe(j.unitsListed.rule)}`);
  return out;
}
