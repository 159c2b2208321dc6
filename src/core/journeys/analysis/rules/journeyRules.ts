/**
 * The analysis shown when no AI is available (no key, untrusted workspace, or the user said no): built only from
 * the metrics, the keyword rules, the classifier's prediction and the outcome profiles, so every sentence can be
 * traced to a number on the dashboard. Same shape as an AI analysis, with source 'rules'.
 *
 * buildReport runs this for every journey, so it stays one pass over the steps (scanners.ts).
 */
import type { CitedPoint, JourneyAnalysis, JourneyReport, Outcome, Report, Step } from '../../types';
import { outcomeLabels, type OutcomeLabels } from '../../outcomeNames';
import { MAX_CITED, scanSteps, type Found } from './scanners';
import { quote, sourceName, statusName } from './text';

export function ruleBasedAnalysis(
  journey: JourneyReport,
  report: Pick<Report, 'model' | 'profiles' | 'outcomes'>,
): JourneyAnalysis {
  const names = outcomeLabels(report);
  const steps = journey.steps;
  const found = scanSteps(steps, journey.metrics);
  const m = journey.metrics;
  const prediction = predict(journey, found, names);

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
  addPoint(intentSignals, found.upgradeKind, `Looked at plans, pricing or checkout (toward ${names.name.upgrade})`);
  addPoint(
    intentSignals,
    found.friction.cancellationSteps,
    `Took cancellation steps (toward ${names.name.cancel})`,
    t.friction.cancellationSteps,
  );
  addPoint(intentSignals, found.friction.retentionSteps, 'Was shown a retention offer', t.friction.retentionSteps);

  const summary = [
    `${m.steps} step${m.steps === 1 ? '' : 's'} over ${m.daysSpanned} day${m.daysSpanned === 1 ? '' : 's'} in ${m.recordings} recording${m.recordings === 1 ? '' : 's'}.`,
    m.statusPath.length ? `Status path: ${m.statusPath.map(statusName).join(' → ')}.` : '',
    journey.outcome !== 'open'
      ? `Known outcome: ${names.name[journey.outcome]} (from ${sourceName(journey.outcomeSource)}).`
      : 'No known outcome yet.',
    journey.prediction
      ? `The classifier predicts ${names.name[journey.prediction.outcome]} (P(${names.name.upgrade}) ${journey.prediction.pUpgrade.toFixed(2)}${journey.prediction.outOfFold ? ', out-of-fold' : ''}).`
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
    recommendations: recommend(journey, found, prediction.outcome, report, names),
    redacted: false,
    generatedAt: new Date().toISOString(),
  };
}

function predict(journey: JourneyReport, found: Found, names: OutcomeLabels): JourneyAnalysis['prediction'] {
  const p = journey.prediction;
  if (p) {
    const signals = p.top.slice(0, 3).map((c) => `${c.feature} (toward ${names.name[c.direction]})`);
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
  names: OutcomeLabels,
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
      `This journey is much shorter than a typical ${names.name.upgrade} (${journey.metrics.steps} vs ${typical} steps): look at early activation.`,
    );
  }

  const first = f.errors[0] ?? f.supportContacts[0];
  // The win-back and upgrade wording fits subscriptions; an event log's outcome gets the same advice in its own words.
  if (names.named) {
    const toward = journey.outcome === 'open' ? predicted : journey.outcome;
    user.push(
      journey.outcome === 'open'
        ? `The journey looks like ${quote(names.name[toward])}${first ? `; look first at ${quote(first.label)} (step ${first.index})` : ''}.`
        : `Reached ${quote(names.name[toward])}${first ? `; follow up on ${quote(first.label)} (step ${first.index})` : ''}.`,
    );
    return { product, user };
  }
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
