/**
 * Cross-journey patterns without AI: candidate signals (friction kinds, repeated attempts, common step labels, the
 * classifier's strongest words and step-kind sequences), kept when they separate upgrades from cancellations.
 */
import type {
  CrossJourneyAnalysis,
  CrossJourneyPattern,
  IndicatorExample,
  JourneyReport,
  Outcome,
  Report,
  Step,
} from '../../types';
import type { FrictionKind } from '../../stepKinds';
import { pct } from '../../../shared/format';
import { journeyScanner, scanSteps } from './scanners';
import { outcomeLabels } from '../../outcomeNames';
import { cap, normalise, outcomeNoun, quote } from './text';
import { noCheckpoint, type Checkpoint } from '../../../shared/checkpoint';

const SEVERITY_RANK = { high: 3, medium: 2, low: 1 } as const;
const MAX_PATTERNS = 8;

interface Candidate {
  title: string;
  description: string;
  /** Per journey: the first step showing the pattern, or undefined. */
  firstStep: (j: JourneyReport) => Step | undefined;
}

/** `checkpoint` is called per journey scanned (see Checkpoint). */
export function ruleBasedCrossJourney(report: Report, checkpoint: Checkpoint = noCheckpoint): CrossJourneyAnalysis {
  const names = outcomeLabels(report);
  // "known upgrades" for recordings; an event log's classes by name: "known “no purchase” units".
  const noun = (o: Outcome) => (names.named ? `“${names.name[o]}”` : outcomeNoun(o));
  const journeys = report.journeys;
  const known = journeys.filter((j) => j.outcome !== 'open');
  const useKnown = known.some((j) => j.outcome === 'upgrade') && known.some((j) => j.outcome === 'cancel');
  const outcomeOf = (j: JourneyReport): Outcome | null =>
    useKnown ? (j.outcome === 'open' ? null : j.outcome) : (j.prediction?.outcome ?? null);
  const groupSize = { upgrade: 0, cancel: 0 };
  for (const j of journeys) {
    const o = outcomeOf(j);
    if (o) groupSize[o]++;
  }

  const patterns: (CrossJourneyPattern & { separation: number })[] = [];
  for (const c of candidates(report)) {
    const shown = { upgrade: 0, cancel: 0 };
    const examples: Record<Outcome, IndicatorExample[]> = { upgrade: [], cancel: [] };
    let total = 0;
    for (const j of journeys) {
      checkpoint();
      const step = c.firstStep(j);
      if (!step) continue;
      total++;
      const o = outcomeOf(j);
      if (!o) continue;
      shown[o]++;
      if (examples[o].length < 3) examples[o].push({ journeyId: j.id, stepIndex: step.index, label: step.label });
    }
    if (total === 0) continue;
    const share = {
      upgrade: groupSize.upgrade ? shown.upgrade / groupSize.upgrade : 0,
      cancel: groupSize.cancel ? shown.cancel / groupSize.cancel : 0,
    };
    const precedes: Outcome = share.cancel >= share.upgrade ? 'cancel' : 'upgrade';
    const other: Outcome = precedes === 'cancel' ? 'upgrade' : 'cancel';
    const separation = share[precedes] - share[other];
    if (shown[precedes] < 2 || separation < 0.15) continue;
    const basis = useKnown ? 'known' : 'predicted';
    patterns.push({
      title: c.title,
      description: `${c.description} Seen in ${shown[precedes]} of ${groupSize[precedes]} ${basis} ${noun(precedes)} (${pct(share[precedes])}) and ${shown[other]} of ${groupSize[other]} ${basis} ${noun(other)} (${pct(share[other])}).`,
      precedes,
      severity: separation >= 0.5 ? 'high' : separation >= 0.3 ? 'medium' : 'low',
      journeys: total,
      share: journeys.length ? total / journeys.length : 0,
      examples: examples[precedes],
      separation,
    });
  }
  patterns.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.separation - a.separation || b.journeys - a.journeys,
  );
  const seen = new Set<string>();
  const unique = patterns.filter((p) => !seen.has(p.title.toLowerCase()) && seen.add(p.title.toLowerCase()));
  return {
    source: 'rules',
    patterns: unique.slice(0, MAX_PATTERNS).map(({ separation: _s, ...p }) => p),
    generatedAt: new Date().toISOString(),
  };
}

function candidates(report: Report): Candidate[] {
  const names = outcomeLabels(report);
  const list: Candidate[] = [
    frictionCandidate('errors', 'Errors or failures', 'The journey hits an error or a failed payment.'),
    frictionCandidate('supportContacts', 'Contacting support', 'The user reaches out to support.'),
    frictionCandidate(
      'cancellationSteps',
      'Entering the cancellation flow',
      'The user opens cancellation, downgrade or account-closing steps.',
    ),
    frictionCandidate('retentionSteps', 'Retention offer shown', 'The user is shown a retention or win-back offer.'),
    {
      title: 'Repeated conversion attempts',
      description: 'Two or more steps are conversion attempts.',
      firstStep: (j) =>
        j.metrics.statusCounts.attempted_conversion >= 2
          ? j.steps.filter((s) => s.status === 'attempted_conversion')[1]
          : undefined,
    },
  ];
  // Common step labels from the outcome profiles, and the classifier's strongest words and step-kind sequences.
  const labels = new Map<string, string>();
  for (const profile of [report.profiles?.upgrade, report.profiles?.cancel]) {
    for (const c of profile?.commonSteps.slice(0, 6) ?? []) labels.set(normalise(c.label), c.label);
  }
  const words: { word: string; direction: Outcome; oddsRatio: number }[] = [];
  const seqs: { from: string; to: string; direction: Outcome }[] = [];
  // Word features are whole tokens of lowercase letters and digits (see features.ts), matched the same way here.
  for (const ind of report.model?.indicators.slice(0, 10) ?? []) {
    const word = ind.feature.match(/^word: ([a-z0-9]+)$/)?.[1];
    const seq = ind.feature.match(/^seq: (\w+) → (\w+)$/);
    if (word) words.push({ word, direction: ind.direction, oddsRatio: ind.oddsRatio });
    else if (seq) seqs.push({ from: seq[1], to: seq[2], direction: ind.direction });
  }
  const scan = journeyScanner(
    labels,
    words.map((w) => w.word),
    seqs,
  );
  for (const [wanted, label] of labels) {
    list.push({
      title: `Step ${quote(label)}`,
      description: `The journey contains the step ${quote(label)}.`,
      firstStep: (j) => scan(j).labels.get(wanted),
    });
  }
  for (const { word, direction, oddsRatio } of words) {
    list.push({
      title: `Steps mentioning "${word}"`,
      description: `A step's label or details mention "${word}" (a classifier indicator toward ${names.name[direction]}, odds ratio ${oddsRatio.toFixed(2)}).`,
      firstStep: (j) => scan(j).words.get(word),
    });
  }
  for (const { from, to, direction } of seqs) {
    list.push({
      title: `${cap(from)} followed by ${to}`,
      description: `A ${from} step is directly followed by a ${to} step (a classifier indicator toward ${names.name[direction]}).`,
      firstStep: (j) => scan(j).seqs.get(`${from} → ${to}`),
    });
  }
  return list;
}

function frictionCandidate(kind: FrictionKind, title: string, description: string): Candidate {
  // Metrics already counted these; the example step comes from the journey's own (shared) scan.
  return {
    title,
    description,
    firstStep: (j) => (j.metrics.friction[kind] > 0 ? scanSteps(j.steps, j.metrics).friction[kind][0] : undefined),
  };
}
