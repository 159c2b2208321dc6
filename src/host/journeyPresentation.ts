import type { Indicator, IndicatorContribution, Outcome } from '../core/journeys/types';
import type { CompactJourney, CompactReport } from '../core/journeys/reportSummary';
import { pct } from '../core/shared/format';

/** Words shared by the tree, the Classify answer and the status bar, so they never disagree. */

export function outcomeWord(o: Outcome): string {
  return o === 'upgrade' ? 'upgrade' : 'cancel';
}

/** Probability of the predicted outcome: "82% cancel". */
export function predictedText(j: CompactJourney): string | undefined {
  const p = j.prediction;
  if (!p) return undefined;
  const prob = p.outcome === 'upgrade' ? p.pUpgrade : 1 - p.pUpgrade;
  return `${pct(prob)} ${outcomeWord(p.outcome)}`;
}

/** A known outcome that the out-of-fold prediction got wrong: worth a look. */
export function disagrees(j: CompactJourney): boolean {
  return j.outcome !== 'open' && !!j.prediction && j.prediction.outcome !== j.outcome;
}

export function stepsText(n: number): string {
  return `${n} step${n === 1 ? '' : 's'}`;
}

export function contributionText(c: IndicatorContribution): string {
  return `${c.feature} (${c.direction === 'upgrade' ? '↑ upgrade' : '↓ cancel'})`;
}

export function topIndicators(j: CompactJourney, n = 3): IndicatorContribution[] {
  return [...(j.prediction?.top ?? [])].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, n);
}

export function indicatorText(i: Indicator): string {
  return `${i.feature} (×${i.oddsRatio.toFixed(2)} odds toward ${i.direction})`;
}

export function knownOutcomeText(j: CompactJourney): string {
  if (j.outcome === 'open') return 'open (no known outcome)';
  const from = j.outcomeSource === 'none' ? '' : ` (from its ${j.outcomeSource.replace('-', ' ')})`;
  return `${j.outcome === 'upgrade' ? 'upgraded' : 'cancelled'}${from}`;
}

/** The Classify Journey answer in one line. */
export function classifyAnswer(j: CompactJourney, report: CompactReport): string {
  const p = j.prediction;
  if (!p) {
    const why = report.model.note
      ? ` ${report.model.note}`
      : ' The classifier needs labelled journeys of both outcomes.';
    return `${j.name}: no prediction yet.${why}`;
  }
  const likely = p.outcome === 'upgrade' ? 'likely to upgrade' : 'at risk of cancelling';
  const prob = p.outcome === 'upgrade' ? p.pUpgrade : 1 - p.pUpgrade;
  const top = topIndicators(j).map(contributionText);
  const weighed = top.length ? ` Weighed most: ${top.join('; ')}.` : '';
  const known =
    j.outcome === 'open'
      ? ''
      : ` Known outcome: ${knownOutcomeText(j)}; this prediction is out-of-fold${disagrees(j) ? ' and disagrees' : ''}.`;
  return `${j.name}: ${likely} (${pct(prob)}, p(upgrade) = ${p.pUpgrade.toFixed(2)}).${weighed}${known}`;
}

export function atRisk(j: CompactJourney): boolean {
  return j.outcome === 'open' && j.prediction?.outcome === 'cancel';
}
