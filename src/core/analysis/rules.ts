/**
 * The analysis shown when no AI is available (no key, untrusted workspace, or the user said no): built only from
 * the metrics, the keyword rules, the classifier's prediction and the outcome profiles, so every sentence can be
 * traced to a number on the dashboard. Same shape as an AI analysis, with source 'rules'.
 *
 * buildReport runs this for every journey, so it stays one pass over the steps.
 */
import type {
  CitedPoint,
  CrossJourneyAnalysis,
  CrossJourneyPattern,
  IndicatorExample,
  JourneyAnalysis,
  JourneyReport,
  Outcome,
  Report,
  Status,
  Step,
} from '../model';
import { hasFriction, stepKind, type FrictionKind } from '../stepKinds';

const MAX_CITED = 4;

export function ruleBasedAnalysis(journey: JourneyReport, report: Pick<Report, 'model' | 'profiles'>): JourneyAnalysis {
  const steps = journey.steps;
  const found = scanSteps(steps);
  const m = journey.metrics;
  const prediction = predict(journey, found);

  const keyMoments: CitedPoint[] = [];
  if (steps.length) keyMoments.push({ text: `Journey starts: ${quote(steps[0].label)}.`, steps: [steps[0].index] });
  for (const [status, step] of found.firstOfStatus) {
    if (status === 'non-converted' || step === steps[0]) continue;
    keyMoments.push({ text: `First ${statusName(status)} step: ${quote(step.label)}.`, steps: [step.index] });
  }
  const last = steps[steps.length - 1];
  if (last && last !== steps[0] && !keyMoments.some((k) => k.steps.includes(last.index))) {
    keyMoments.push({ text: `Last recorded step: ${quote(last.label)} (${statusName(last.status)}).`, steps: [last.index] });
  }

  const frictionPoints: CitedPoint[] = [];
  addPoint(frictionPoints, found.friction.errors, 'Errors or failures');
  addPoint(frictionPoints, found.friction.supportContacts, 'Contacted support');
  if (found.attempts.length >= 2 && !found.firstOfStatus.has('converted')) {
    addPoint(frictionPoints, found.attempts, `${found.attempts.length} conversion attempts without converting`);
  }

  const intentSignals: CitedPoint[] = [];
  addPoint(intentSignals, found.upgradeKind, 'Looked at plans, pricing or checkout (toward upgrade)');
  addPoint(intentSignals, found.friction.cancellationSteps, 'Took cancellation steps (toward cancel)');
  addPoint(intentSignals, found.friction.retentionSteps, 'Was shown a retention offer');

  const summary = [
    `${m.steps} step${m.steps === 1 ? '' : 's'} over ${m.daysSpanned} day${m.daysSpanned === 1 ? '' : 's'} in ${m.recordings} recording${m.recordings === 1 ? '' : 's'}.`,
    m.statusPath.length ? `Status path: ${m.statusPath.map(statusName).join(' → ')}.` : '',
    journey.outcome !== 'open' ? `Known outcome: ${journey.outcome} (from ${sourceName(journey.outcomeSource)}).` : 'No known outcome yet.',
    journey.prediction
      ? `The classifier predicts ${journey.prediction.outcome} (P(upgrade) ${journey.prediction.pUpgrade.toFixed(2)}${journey.prediction.outOfFold ? ', out-of-fold' : ''}).`
      : '',
    frictionSentence(m.friction),
  ]
    .filter(Boolean)
    .join(' ');

  return {
    source: 'rules',
    summary,
    keyMoments: keyMoments.slice(0, 6),
    frictionPoints,
    intentSignals,
    prediction,
    recommendations: recommend(journey, found, prediction.outcome, report),
    redacted: false,
    generatedAt: new Date().toISOString(),
  };
}

interface Found {
  firstOfStatus: Map<Status, Step>;
  attempts: Step[];
  upgradeKind: Step[];
  friction: Record<FrictionKind, Step[]>;
}

function scanSteps(steps: readonly Step[]): Found {
  const found: Found = {
    firstOfStatus: new Map(),
    attempts: [],
    upgradeKind: [],
    friction: { errors: [], supportContacts: [], cancellationSteps: [], retentionSteps: [] },
  };
  for (const step of steps) {
    if (!found.firstOfStatus.has(step.status)) found.firstOfStatus.set(step.status, step);
    if (step.status === 'attempted_conversion') found.attempts.push(step);
    const kind = stepKind(step.label);
    if (kind === 'upgrade' || kind === 'checkout') found.upgradeKind.push(step);
    for (const k of Object.keys(found.friction) as FrictionKind[]) if (hasFriction(step, k)) found.friction[k].push(step);
  }
  return found;
}

function predict(journey: JourneyReport, found: Found): JourneyAnalysis['prediction'] {
  const p = journey.prediction;
  if (p) {
    const signals = p.top.slice(0, 3).map((c) => `${c.feature} (toward ${c.direction})`);
    return {
      outcome: p.outcome,
      confidence: Math.max(p.pUpgrade, 1 - p.pUpgrade),
      rationale: `Status-blind logistic regression${p.outOfFold ? ' (out-of-fold)' : ''}${signals.length ? `; strongest signals: ${signals.join(', ')}` : ''}.`,
    };
  }
  // No trained model (too few labelled journeys): the keyword rules are all there is, and the confidence says so.
  const leaving = found.friction.cancellationSteps.length > 0 || found.firstOfStatus.has('churned');
  return {
    outcome: leaving ? 'cancel' : 'upgrade',
    confidence: 0.5,
    rationale: leaving
      ? 'No classifier is trained yet; the journey contains cancellation steps or a churned status.'
      : 'No classifier is trained yet; the journey contains no cancellation steps.',
  };
}

function recommend(
  journey: JourneyReport,
  found: Found,
  predicted: Outcome,
  report: Pick<Report, 'model' | 'profiles'>,
): { product: string[]; user: string[] } {
  const product: string[] = [];
  const user: string[] = [];
  const refs = (list: Step[]) => `step${list.length > 1 ? 's' : ''} ${list.slice(0, MAX_CITED).map((s) => s.index).join(', ')}`;
  const f = found.friction;
  if (f.errors.length) product.push(`Fix the errors at ${refs(f.errors)} (${quote(f.errors[0].label)}): errors on the way to paying cost conversions.`);
  if (f.supportContacts.length) product.push(`Answer in the product what sent the user to support at ${refs(f.supportContacts)}.`);
  if (found.attempts.length >= 2 && !found.firstOfStatus.has('converted')) {
    product.push(`Review the checkout: ${found.attempts.length} attempts (${refs(found.attempts)}) did not convert.`);
  }
  if (f.retentionSteps.length && (journey.outcome === 'cancel' || predicted === 'cancel')) {
    product.push(`The retention offer at ${refs(f.retentionSteps)} did not keep this user: test a different offer or an earlier moment.`);
  }
  const typical = report.profiles?.upgrade?.medians.steps;
  if (predicted === 'cancel' && typical && journey.metrics.steps < typical / 2) {
    product.push(`This journey is much shorter than a typical upgrade (${journey.metrics.steps} vs ${typical} steps): look at early activation.`);
  }

  const first = f.errors[0] ?? f.supportContacts[0];
  if (journey.outcome === 'cancel') {
    user.push(`Send a win-back message${first ? ` that addresses ${quote(first.label)} (step ${first.index})` : ''}.`);
  } else if (journey.outcome === 'upgrade') {
    user.push('Help the user get value from the paid features they upgraded for.');
    if (first) user.push(`Follow up on ${quote(first.label)} (step ${first.index}) before it becomes a reason to leave.`);
  } else if (predicted === 'cancel') {
    user.push(`Reach out now: the journey looks like a cancellation${first ? `; start with ${quote(first.label)} (step ${first.index})` : ''}.`);
  } else {
    user.push('Nudge toward upgrading: the journey looks like an upgrade.');
  }
  return { product, user };
}

function addPoint(points: CitedPoint[], list: Step[], text: string): void {
  if (!list.length) return;
  const examples = list.slice(0, 2).map((s) => quote(s.label)).join(', ');
  points.push({ text: `${text}: ${examples}${list.length > 2 ? ` and ${list.length - 2} more` : ''}.`, steps: list.slice(0, MAX_CITED).map((s) => s.index) });
}

function frictionSentence(f: JourneyReport['metrics']['friction']): string {
  const parts = [
    f.errors && `${f.errors} error${f.errors > 1 ? 's' : ''}`,
    f.supportContacts && `${f.supportContacts} support contact${f.supportContacts > 1 ? 's' : ''}`,
    f.cancellationSteps && `${f.cancellationSteps} cancellation step${f.cancellationSteps > 1 ? 's' : ''}`,
    f.retentionSteps && `${f.retentionSteps} retention step${f.retentionSteps > 1 ? 's' : ''}`,
  ].filter(Boolean);
  return parts.length ? `Friction: ${parts.join(', ')}.` : 'No errors or support contacts detected.';
}

// ---------------------------------------------------------------------------------------------------------------
// Across journeys

const SEVERITY_RANK = { high: 3, medium: 2, low: 1 } as const;
const MAX_PATTERNS = 8;

interface Candidate {
  title: string;
  description: string;
  /** Per journey: the first step showing the pattern, or undefined. */
  firstStep: (j: JourneyReport) => Step | undefined;
}

export function ruleBasedCrossJourney(report: Report): CrossJourneyAnalysis {
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
      const step = c.firstStep(j);
      if (!step) continue;
      total++;
      const o = outcomeOf(j);
      if (!o) continue;
      shown[o]++;
      if (examples[o].length < 3) examples[o].push({ journeyId: j.id, stepIndex: step.index, label: step.label });
    }
    if (total === 0) continue;
    const share = { upgrade: groupSize.upgrade ? shown.upgrade / groupSize.upgrade : 0, cancel: groupSize.cancel ? shown.cancel / groupSize.cancel : 0 };
    const precedes: Outcome = share.cancel >= share.upgrade ? 'cancel' : 'upgrade';
    const other: Outcome = precedes === 'cancel' ? 'upgrade' : 'cancel';
    const separation = share[precedes] - share[other];
    if (shown[precedes] < 2 || separation < 0.15) continue;
    const basis = useKnown ? 'known' : 'predicted';
    patterns.push({
      title: c.title,
      description: `${c.description} Seen in ${shown[precedes]} of ${groupSize[precedes]} ${basis} ${outcomeNoun(precedes)} (${pct(share[precedes])}) and ${shown[other]} of ${groupSize[other]} ${basis} ${outcomeNoun(other)} (${pct(share[other])}).`,
      precedes,
      severity: separation >= 0.5 ? 'high' : separation >= 0.3 ? 'medium' : 'low',
      journeys: total,
      share: journeys.length ? total / journeys.length : 0,
      examples: examples[precedes],
      separation,
    });
  }
  patterns.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.separation - a.separation || b.journeys - a.journeys);
  const seen = new Set<string>();
  const unique = patterns.filter((p) => !seen.has(p.title.toLowerCase()) && seen.add(p.title.toLowerCase()));
  return {
    source: 'rules',
    patterns: unique.slice(0, MAX_PATTERNS).map(({ separation: _s, ...p }) => p),
    generatedAt: new Date().toISOString(),
  };
}

function candidates(report: Report): Candidate[] {
  const list: Candidate[] = [
    frictionCandidate('errors', 'Errors or failures', 'The journey hits an error or a failed payment.'),
    frictionCandidate('supportContacts', 'Contacting support', 'The user reaches out to support.'),
    frictionCandidate('cancellationSteps', 'Entering the cancellation flow', 'The user opens cancellation, downgrade or account-closing steps.'),
    frictionCandidate('retentionSteps', 'Retention offer shown', 'The user is shown a retention or win-back offer.'),
    {
      title: 'Repeated conversion attempts',
      description: 'Two or more steps are conversion attempts.',
      firstStep: (j) => (j.metrics.statusCounts.attempted_conversion >= 2 ? j.steps.filter((s) => s.status === 'attempted_conversion')[1] : undefined),
    },
  ];
  // Common step labels from the outcome profiles: the steps that most often mark each outcome.
  const labels = new Set<string>();
  for (const profile of [report.profiles?.upgrade, report.profiles?.cancel]) {
    for (const c of profile?.commonSteps.slice(0, 6) ?? []) labels.add(c.label);
  }
  for (const label of labels) {
    const wanted = normalise(label);
    list.push({
      title: `Step ${quote(label)}`,
      description: `The journey contains the step ${quote(label)}.`,
      firstStep: (j) => j.steps.find((s) => normalise(s.label) === wanted),
    });
  }
  // The classifier's strongest label words and step-kind sequences, checked against labels (short, so cheap).
  for (const ind of report.model?.indicators.slice(0, 10) ?? []) {
    const word = ind.feature.match(/^word: ([a-z0-9]+)$/)?.[1];
    const seq = ind.feature.match(/^seq: (\w+) → (\w+)$/);
    if (word) {
      const re = new RegExp(`\\b${word}`, 'i');
      list.push({
        title: `Steps mentioning "${word}"`,
        description: `A step's label or details mention "${word}" (a classifier indicator toward ${ind.direction}, odds ratio ${ind.oddsRatio.toFixed(2)}).`,
        firstStep: (j) => j.steps.find((s) => re.test(s.label) || re.test(s.details)),
      });
    } else if (seq) {
      const [, from, to] = seq;
      list.push({
        title: `${cap(from)} followed by ${to}`,
        description: `A ${from} step is directly followed by a ${to} step (a classifier indicator toward ${ind.direction}).`,
        firstStep: (j) => {
          for (let i = 1; i < j.steps.length; i++) {
            if (stepKind(j.steps[i - 1].label) === from && stepKind(j.steps[i].label) === to) return j.steps[i];
          }
          return undefined;
        },
      });
    }
  }
  return list;
}

function frictionCandidate(kind: FrictionKind, title: string, description: string): Candidate {
  // Metrics already counted these; only journeys that have some are scanned for the example step.
  return { title, description, firstStep: (j) => (j.metrics.friction[kind] > 0 ? j.steps.find((s) => hasFriction(s, kind)) : undefined) };
}

function normalise(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, ' ');
}

function outcomeNoun(o: Outcome): string {
  return o === 'upgrade' ? 'upgrades' : 'cancellations';
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function quote(label: string): string {
  const s = label.replace(/\s+/g, ' ').trim();
  return `"${s.length > 70 ? `${s.slice(0, 69)}…` : s}"`;
}

function statusName(status: Status): string {
  return status.replace(/_/g, ' ');
}

function sourceName(source: JourneyReport['outcomeSource']): string {
  return source === 'terminal-status' ? 'its last status' : source === 'none' ? 'nothing' : `its ${source}`;
}
