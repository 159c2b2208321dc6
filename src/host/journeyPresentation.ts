import { outcomeLabels, type OutcomeLabels } from '../core/journeys/outcomeNames';
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

export function contributionText(c: IndicatorContribution, labels: OutcomeLabels = outcomeLabels()): string {
  return `${c.feature} (${c.direction === 'upgrade' ? `↑ ${labels.name.upgrade}` : `↓ ${labels.name.cancel}`})`;
}

export function topIndicators(j: CompactJourney, n = 3): IndicatorContribution[] {
  return [...(j.prediction?.top ?? [])].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, n);
}

export function indicatorText(i: Indicator): string {
  return `${i.feature} (×${i.oddsRatio.toFixed(2)} odds toward ${i.direction})`;
}

export function knownOutcomeText(j: CompactJourney, labels: OutcomeLabels = outcomeLabels()): string {
  if (j.outcome === 'open') return 'open (no known outcome)';
  const from = j.outcomeSource === 'none' ? '' : ` (from its ${j.outcomeSource.replace('-', ' ')})`;
  if (labels.named) return `${labels.name[j.outcome]}${from}`;
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
  const labels = outcomeLabels(report);
  const top = topIndicators(j).map((c) => contributionText(c, labels));
  const weighed = top.length ? ` Weighed most: ${top.join('; ')}.` : '';
  const known =
    j.outcome === 'open'
      ? ''
      : ` Known outcome: ${knownOutcomeText(j, labels)}; this prediction is out-of-fold${disagrees(j) ? ' and disagrees' : ''}.`;
  return `${j.name}: ${predictionText(p.outcome, p.pUpgrade, labels)}.${weighed}${known}`;
}

/** "likely to upgrade (82%, p(upgrade) = 0.82)", or with an event log's names "likely purchase (…, p(purchase) = …)". */
export function predictionText(outcome: Outcome, pUpgrade: number, labels: OutcomeLabels): string {
  const prob = outcome === 'upgrade' ? pUpgrade : 1 - pUpgrade;
  const likely = labels.named
    ? `likely ${labels.name[outcome]}`
    : outcome === 'upgrade'
      ? 'likely to upgrade'
      : 'at risk of cancelling';
  return `${likely} (${pct(prob)}, p(${labels.name.upgrade}) = ${pUpgrade.toFixed(2)})`;
}

export function atRisk(j: CompactJourney): boolean {
  return j.outcome === 'open' && j.prediction?.outcome === 'cancel';
}
