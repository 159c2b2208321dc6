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
} from '../types';
import { hasFriction, stepKind, type FrictionKind } from '../stepKinds';
import { pct } from '../../shared/format';

const MAX_CITED = 4;

export function ruleBasedAnalysis(journey: JourneyReport, report: Pick<Report, 'model' | 'profiles'>): JourneyAnalysis {
  const steps = journey.steps;
  const found = scanSteps(steps, journey.metrics);
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
    keyMoments.push({
      text: `Last recorded step: ${quote(last.label)} (${statusName(last.status)}).`,
      steps: [last.index],
    });
  }

  const frictionPoints: CitedPoint[] = [];
  const t = found.totals;
  addPoint(frictionPoints, found.friction.errors, 'Errors or failures', t.friction.errors);
  addPoint(frictionPoints, found.friction.supportContacts, 'Contacted support', t.friction.supportContacts);
  if (t.attempts >= 2 && !found.firstOfStatus.has('converted')) {
    addPoint(frictionPoints, found.attempts, `${t.attempts} conversion attempts without converting`, t.attempts);
  }

  const intentSignals: CitedPoint[] = [];
  addPoint(intentSignals, found.upgradeKind, 'Looked at plans, pricing or checkout (toward upgrade)');
  addPoint(
    intentSignals,
    found.friction.cancellationSteps,
    'Took cancellation steps (toward cancel)',
    t.friction.cancellationSteps,
  );
  addPoint(intentSignals, found.friction.retentionSteps, 'Was shown a retention offer', t.friction.retentionSteps);

  const summary = [
    `${m.steps} step${m.steps === 1 ? '' : 's'} over ${m.daysSpanned} day${m.daysSpanned === 1 ? '' : 's'} in ${m.recordings} recording${m.recordings === 1 ? '' : 's'}.`,
    m.statusPath.length ? `Status path: ${m.statusPath.map(statusName).join(' → ')}.` : '',
    journey.outcome !== 'open'
      ? `Known outcome: ${journey.outcome} (from ${sourceName(journey.outcomeSource)}).`
      : 'No known outcome yet.',
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
  /** The first few steps of each kind (at most MAX_CITED); totals come from the metrics. */
  attempts: Step[];
  upgradeKind: Step[];
  friction: Record<FrictionKind, Step[]>;
  totals: { attempts: number; friction: Record<FrictionKind, number> };
}

const FRICTION_KINDS: FrictionKind[] = ['errors', 'supportContacts', 'cancellationSteps', 'retentionSteps'];
/** Cheap pre-check before stepKind: only labels that could be an upgrade or checkout step pay for the full rule list. */
const MAYBE_UPGRADE = /upgrad|pric|plan|compar|annual|monthly|checkout|payment|purchase|card|billing|invoice|receipt/i;

/**
 * One pass that stops early: the metrics already counted each kind of friction, so a kind with no steps is never
 * tested and the scan ends once every kind has its cited examples. Keeps this cheap next to parsing (it runs for
 * every journey of a 10,000-file folder).
 */
const scans = new WeakMap<readonly Step[], Found>();

/** The scan of a journey, shared by its own analysis and the cross-journey patterns (keyed by the steps array). */
function scanSteps(steps: readonly Step[], metrics: JourneyReport['metrics']): Found {
  let found = scans.get(steps);
  if (!found) scans.set(steps, (found = scanStepsOnce(steps, metrics)));
  return found;
}

function scanStepsOnce(steps: readonly Step[], metrics: JourneyReport['metrics']): Found {
  const totals = { attempts: metrics.statusCounts.attempted_conversion ?? 0, friction: { ...metrics.friction } };
  const found: Found = {
    firstOfStatus: new Map(),
    attempts: [],
    upgradeKind: [],
    friction: { errors: [], supportContacts: [], cancellationSteps: [], retentionSteps: [] },
    totals,
  };
  const statusesPresent = Object.values(metrics.statusCounts).filter((n) => n > 0).length;
  for (const step of steps) {
    if (!found.firstOfStatus.has(step.status)) found.firstOfStatus.set(step.status, step);
    if (step.status === 'attempted_conversion' && found.attempts.length < MAX_CITED) found.attempts.push(step);
    if (found.upgradeKind.length < MAX_CITED && MAYBE_UPGRADE.test(step.label)) {
      const kind = stepKind(step.label);
      if (kind === 'upgrade' || kind === 'checkout') found.upgradeKind.push(step);
    }
    let pending = found.upgradeKind.length < MAX_CITED || found.firstOfStatus.size < statusesPresent;
    for (const k of FRICTION_KINDS) {
      const list = found.friction[k];
      if (list.length >= Math.min(MAX_CITED, totals.friction[k])) continue;
      if (hasFriction(step, k)) list.push(step);
      pending = true;
    }
    if (!pending && found.attempts.length >= Math.min(MAX_CITED, totals.attempts)) break;
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
  const refs = (list: Step[]) =>
    `step${list.length > 1 ? 's' : ''} ${list
      .slice(0, MAX_CITED)
      .map((s) => s.index)
      .join(', ')}`;
  const f = found.friction;
  if (f.errors.length)
    product.push(
      `Fix the errors at ${refs(f.errors)} (${quote(f.errors[0].label)}): errors on the way to paying cost conversions.`,
    );
  if (f.supportContacts.length)
    product.push(`Answer in the product what sent the user to support at ${refs(f.supportContacts)}.`);
  if (found.totals.attempts >= 2 && !found.firstOfStatus.has('converted')) {
    product.push(`Review the checkout: ${found.totals.attempts} attempts (${refs(found.attempts)}) did not convert.`);
  }
  if (f.retentionSteps.length && (journey.outcome === 'cancel' || predicted === 'cancel')) {
    product.push(
      `The retention offer at ${refs(f.retentionSteps)} did not keep this user: test a different offer or an earlier moment.`,
    );
  }
  const typical = report.profiles?.upgrade?.medians.steps;
  if (predicted === 'cancel' && typical && journey.metrics.steps < typical / 2) {
    product.push(
      `This journey is much shorter than a typical upgrade (${journey.metrics.steps} vs ${typical} steps): look at early activation.`,
    );
  }

  const first = f.errors[0] ?? f.supportContacts[0];
  if (journey.outcome === 'cancel') {
    user.push(`Send a win-back message${first ? ` that addresses ${quote(first.label)} (step ${first.index})` : ''}.`);
  } else if (journey.outcome === 'upgrade') {
    user.push('Help the user get value from the paid features they upgraded for.');
    if (first)
      user.push(`Follow up on ${quote(first.label)} (step ${first.index}) before it becomes a reason to leave.`);
  } else if (predicted === 'cancel') {
    user.push(
      `Reach out now: the journey looks like a cancellation${first ? `; start with ${quote(first.label)} (step ${first.index})` : ''}.`,
    );
  } else {
    user.push('Nudge toward upgrading: the journey looks like an upgrade.');
  }
  return { product, user };
}

function addPoint(points: CitedPoint[], list: Step[], text: string, total = list.length): void {
  if (!list.length) return;
  const examples = list
    .slice(0, 2)
    .map((s) => quote(s.label))
    .join(', ');
  const more = Math.max(total, list.length) - 2;
  points.push({
    text: `${text}: ${examples}${more > 0 ? ` and ${more} more` : ''}.`,
    steps: list.slice(0, MAX_CITED).map((s) => s.index),
  });
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
      description: `${c.description} Seen in ${shown[precedes]} of ${groupSize[precedes]} ${basis} ${outcomeNoun(precedes)} (${pct(share[precedes])}) and ${shown[other]} of ${groupSize[other]} ${basis} ${outcomeNoun(other)} (${pct(share[other])}).`,
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
      description: `A step's label or details mention "${word}" (a classifier indicator toward ${direction}, odds ratio ${oddsRatio.toFixed(2)}).`,
      firstStep: (j) => scan(j).words.get(word),
    });
  }
  for (const { from, to, direction } of seqs) {
    list.push({
      title: `${cap(from)} followed by ${to}`,
      description: `A ${from} step is directly followed by a ${to} step (a classifier indicator toward ${direction}).`,
      firstStep: (j) => scan(j).seqs.get(`${from} → ${to}`),
    });
  }
  return list;
}

interface JourneyScan {
  labels: Map<string, Step>;
  words: Map<string, Step>;
  seqs: Map<string, Step>;
}

/**
 * Reads each journey once for all text-based candidates (one combined regex for all indicator words, step kinds only
 * when a sequence is asked for), instead of once per candidate.
 */
function journeyScanner(
  labels: Map<string, string>,
  words: string[],
  seqs: { from: string; to: string }[],
): (j: JourneyReport) => JourneyScan {
  const cache = new Map<JourneyReport, JourneyScan>();

  const wantedSeqs = new Set(seqs.map((q) => `${q.from} → ${q.to}`));
  return (j) => {
    let result = cache.get(j);
    if (result) return result;
    result = { labels: new Map(), words: new Map(), seqs: new Map() };
    let previousKind = '';
    for (const step of j.steps) {
      if (labels.size) {
        const key = normalise(step.label);
        if (labels.has(key) && !result.labels.has(key)) result.labels.set(key, step);
      }
      if (result.words.size < words.length) {
        const text = `${step.label}\n${step.details}`.toLowerCase();
        for (const w of words) if (!result.words.has(w) && containsToken(text, w)) result.words.set(w, step);
      }
      if (wantedSeqs.size) {
        const kind = stepKind(step.label);
        const key = `${previousKind} → ${kind}`;
        if (wantedSeqs.has(key) && !result.seqs.has(key)) result.seqs.set(key, step);
        previousKind = kind;
      }
    }
    cache.set(j, result);
    return result;
  };
}

function frictionCandidate(kind: FrictionKind, title: string, description: string): Candidate {
  // Metrics already counted these; the example step comes from the journey's own (shared) scan.
  return {
    title,
    description,
    firstStep: (j) => (j.metrics.friction[kind] > 0 ? scanSteps(j.steps, j.metrics).friction[kind][0] : undefined),
  };
}

/** Whole-token search without a regex: indexOf is several times faster than a case-insensitive alternation. */
function containsToken(text: string, token: string): boolean {
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
    if (!isAlnum(text.charCodeAt(i - 1)) && !isAlnum(text.charCodeAt(i + token.length))) return true;
  }
  return false;
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function normalise(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, ' ');
}

function outcomeNoun(o: Outcome): string {
  return o === 'upgrade' ? 'upgrades' : 'cancellations';
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
