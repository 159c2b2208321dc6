import type { ClassificationScores } from '../core/journeys/types';
import type { CompactReport } from '../core/journeys/reportSummary';
import { pct as percent } from '../core/shared/format';

/** The CLI prints shares to one decimal. */
const pct = (x: number): string => percent(x, 1);
import { safe } from './terminal';

const num = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

/** The human-readable summary the CLI prints: what a user checks before opening the JSON or the dashboard. */
export function formatSummary(report: CompactReport, seconds: number): string {
  const out: string[] = [];
  const js = report.journeys;
  const count = (pred: (j: (typeof js)[number]) => boolean) => js.filter(pred).length;
  out.push(`Journey Lens: ${js.length} journeys in ${safe(report.root)} (${seconds.toFixed(1)} s)`);
  out.push('');
  out.push('Journeys        known   predicted');
  for (const o of ['upgrade', 'cancel'] as const) {
    out.push(
      `  ${o.padEnd(12)} ${String(count((j) => j.outcome === o)).padStart(5)}   ${String(count((j) => j.prediction?.outcome === o)).padStart(9)}`,
    );
  }
  out.push(`  ${'open'.padEnd(12)} ${String(count((j) => j.outcome === 'open')).padStart(5)}`);
  out.push('');

  const ev = report.model.evaluation;
  if (ev) {
    const method = ev.method === 'leave-one-out' ? 'leave-one-out' : `stratified ${ev.folds}-fold`;
    out.push(`Classifier: status-blind logistic regression, ${method} on ${ev.n} labelled journeys (out-of-fold)`);
    out.push(`  ${scores(ev)}`);
    const [[uu, uc], [cu, cc]] = ev.confusion;
    out.push(
      `  confusion (actual → predicted): upgrade→upgrade ${uu}, upgrade→cancel ${uc}, cancel→upgrade ${cu}, cancel→cancel ${cc}`,
    );
    out.push(`  with status as a feature (leaks the label, for contrast only): ${scores(ev.withStatus)}`);
    out.push(
      `  early warning: ${ev.earlyWarning.map((e) => `first ${Math.round(e.fraction * 100)}% ${pct(e.accuracy)}`).join(' · ')}`,
    );
  } else {
    out.push(`Classifier: not trained${report.model.note ? ` (${report.model.note})` : ''}`);
  }
  out.push('');

  const open = js
    .filter((j) => j.outcome === 'open' && j.prediction)
    .sort((a, b) => a.prediction!.pUpgrade - b.prediction!.pUpgrade);
  if (open.length > 0) {
    out.push('Open journeys, most at risk first');
    for (const j of open.slice(0, 10)) {
      const p = j.prediction!;
      const top = p.top
        .slice(0, 2)
        .map((t) => t.feature)
        .join('; ');
      out.push(`  ${safe(j.id).padEnd(36)} ${p.outcome.padEnd(7)} p(upgrade) ${p.pUpgrade.toFixed(2)}  ${safe(top)}`);
    }
    if (open.length > 10) out.push(`  … and ${open.length - 10} more (see the JSON or HTML report)`);
    out.push('');
  }

  const indicators = report.model.indicators.slice(0, 6);
  if (indicators.length > 0) {
    out.push('Strongest indicators');
    for (const ind of indicators)
      out.push(`  toward ${ind.direction.padEnd(7)} ${safe(ind.feature)} (odds ×${num(ind.oddsRatio)} per s.d.)`);
    out.push('');
  }

  const warned = js.filter((j) => j.warnings.length > 0).length;
  if (warned > 0) out.push(`${warned} journeys carry data-quality warnings (see "warnings" in the JSON report)`);
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    out.push(`Problems: ${errors.length} files could not be analysed`);
    for (const p of errors.slice(0, 20)) out.push(`  ${location(p)}  ${safe(p.message)}`);
    if (errors.length > 20) out.push(`  … and ${errors.length - 20} more`);
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    out.push(`Not recordings: ${skipped.length} file${skipped.length === 1 ? '' : 's'} read in full and skipped`);
    for (const s of skipped.slice(0, 10)) out.push(`  ${safe(s.file)}  ${safe(s.reason)}`);
    if (skipped.length > 10) out.push(`  … and ${skipped.length - 10} more (see "skipped" in the JSON report)`);
  }
  return out.join('\n');
}

function scores(s: ClassificationScores): string {
  return `accuracy ${pct(s.accuracy)}  precision ${num(s.precision)}  recall ${num(s.recall)}  F1 ${num(s.f1)}  AUC ${num(s.auc)}  Brier ${num(s.brier)}`;
}

export function location(p: { file: string; line?: number; column?: number }): string {
  const file = safe(p.file);
  return p.line ? `${file}:${p.line}:${p.column ?? 1}` : file;
}
