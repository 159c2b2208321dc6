// Overview: journeys by outcome, the classifier's honest scores, the fingerprint of each outcome, and patterns.
import type { CompactReport } from '../../../src/core/journeys/reportSummary';
import type {
  ClassificationScores,
  Evaluation,
  Indicator,
  Outcome,
  OutcomeProfile,
} from '../../../src/core/journeys/types';
import type { AppContext } from '../../shell/context';
import { h } from '../../shell/dom';
import { DIRECTION_LABEL, duration, int, num, OUTCOME_LABEL, OUTCOME_NAME, pct, plural } from '../../shell/format';
import { badge, dataGrid } from '../../shell/ui';
import { earlyWarningChart, shareBar } from './charts';
import { card, empty, stepLink } from './common';
import { pathStrip } from './statusStrip';

export function renderOverview(ctx: AppContext, view: HTMLElement): void {
  const r = ctx.report;
  view.replaceChildren(
    h(
      'div',
      { class: 'overview' },
      outcomesCard(ctx),
      classifierCard(r),
      h(
        'div',
        { class: 'two-col' },
        profileCard('upgrade', r.profiles.upgrade),
        profileCard('cancel', r.profiles.cancel),
      ),
      h('div', { class: 'two-col' }, indicatorsCard(ctx, 'upgrade'), indicatorsCard(ctx, 'cancel')),
      crossJourneyCard(ctx),
      problemsCard(r),
    ),
  );
}

function outcomesCard(ctx: AppContext): HTMLElement {
  const js = ctx.report.journeys;
  const known = ['upgrade', 'cancel', 'open'] as const;
  const count = (k: (typeof known)[number], p: Outcome | null) =>
    js.filter((j) => j.outcome === k && (p === null ? !j.prediction : j.prediction?.outcome === p)).length;
  const openAtRisk = js.filter((j) => j.outcome === 'open' && j.prediction?.outcome === 'cancel').length;
  const usage = ctx.report.aiUsage;
  return card(
    'Journeys by outcome',
    { 'data-card': 'outcomes' },
    h(
      'p',
      { class: 'lead' },
      plural(js.length, 'journey'),
      ' analysed',
      openAtRisk
        ? [
            ' · ',
            h('strong', {}, int(openAtRisk)),
            ' open ',
            openAtRisk === 1 ? 'journey looks' : 'journeys look',
            ` like ${DIRECTION_LABEL.cancel === 'cancellation' ? 'a cancellation' : `“${DIRECTION_LABEL.cancel}”`}`,
          ]
        : null,
      ctx.report.problems.length ? [' · ', plural(ctx.report.problems.length, 'file'), ' with problems'] : null,
    ),
    dataGrid({
      label: 'Known outcome by predicted outcome',
      columns: [
        { title: 'Known outcome', width: '2fr' },
        { title: predictedTitle('upgrade'), width: '1fr' },
        { title: predictedTitle('cancel'), width: '1fr' },
        { title: 'No prediction', width: '1fr' },
        { title: 'Total', width: '1fr' },
      ],
      rows: known.map((k) => [
        OUTCOME_LABEL[k],
        int(count(k, 'upgrade')),
        int(count(k, 'cancel')),
        int(count(k, null)),
        int(js.filter((j) => j.outcome === k).length),
      ]),
    }),
    usage
      ? h(
          'p',
          { class: 'muted' },
          `AI: ${int(usage.requests)} requests (${int(usage.cached)} from cache), ${int(usage.prompt + usage.completion)} tokens (${int(usage.prompt)} prompt, ${int(usage.completion)} completion).`,
        )
      : null,
  );
}

const SCORE_ROWS: [keyof Omit<ClassificationScores, 'confusion'>, string, (x: number) => string][] = [
  ['accuracy', 'Accuracy', (x) => pct(x, 1)],
  ['precision', 'Precision', (x) => pct(x, 1)],
  ['recall', 'Recall', (x) => pct(x, 1)],
  ['f1', 'F1', num],
  ['auc', 'AUC', num],
  ['brier', 'Brier score (lower is better)', num],
];

function classifierCard(r: CompactReport): HTMLElement {
  const m = r.model;
  const e = m.evaluation;
  if (!e) {
    return card(
      'Classifier',
      { 'data-card': 'classifier' },
      empty(m.note ?? 'Not enough labelled journeys of both outcomes to train and evaluate the classifier.'),
    );
  }
  return card(
    'Classifier',
    { 'data-card': 'classifier' },
    h(
      'p',
      { class: 'lead' },
      `Logistic regression on ${plural(m.featureCount, 'feature')}, trained on ${plural(m.trainedOn, 'journey')}. `,
      `Scored ${methodText(e)} on ${plural(e.n, 'labelled journey')}, so every prediction below was made by a model that had not seen that journey.`,
      m.statusBlind
        ? ' The status field is not a feature (it gives the answer away).'
        : ' The status field is a feature: these scores leak the label.',
    ),
    h(
      'div',
      { class: 'classifier-grid' },
      h(
        'div',
        {},
        h(
          'h3',
          {},
          'Scores ',
          h('span', { class: 'muted' }, `(positive class: ${OUTCOME_NAME[e.positive as Outcome] ?? e.positive})`),
        ),
        scoresTable(e, e.withStatus),
        h(
          'p',
          { class: 'muted leak-note', 'data-leaking': 'true' },
          h('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }),
          ' ',
          `“With status” uses the recorded status as a feature. Status leaks the outcome (a cancelled journey ends “churned”), so that column is shown for contrast only and is not the classifier’s accuracy.`,
        ),
      ),
      h('div', {}, h('h3', {}, 'Confusion matrix'), confusion(e)),
      h(
        'div',
        {},
        h('h3', {}, 'Early warning'),
        e.earlyWarning.length ? earlyWarningChart(e.earlyWarning, e.accuracy) : empty('No early-warning figures.'),
      ),
    ),
  );
}

function methodText(e: Evaluation): string {
  return e.method === 'leave-one-out'
    ? 'with leave-one-out cross-validation'
    : `with stratified ${e.folds}-fold cross-validation`;
}

function scoresTable(e: ClassificationScores, leak: ClassificationScores): HTMLElement {
  return h(
    'table',
    { class: 'scores' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Metric'),
        h('th', { scope: 'col' }, 'Classifier'),
        h('th', { scope: 'col', class: 'leaking' }, 'With status (leaking)'),
      ),
    ),
    h(
      'tbody',
      {},
      SCORE_ROWS.map(([k, label, f]) =>
        h(
          'tr',
          { 'data-metric': k },
          h('th', { scope: 'row' }, label),
          h('td', {}, f(e[k])),
          h('td', { class: 'leaking' }, f(leak[k])),
        ),
      ),
    ),
  );
}

function confusion(e: Evaluation): HTMLElement {
  const [[uu, uc], [cu, cc]] = e.confusion;
  const cell = (n: number, ok: boolean, what: string) => h('td', { class: ok ? 'hit' : 'miss', title: what }, int(n));
  return h(
    'table',
    { class: 'confusion', 'aria-label': 'Confusion matrix: rows are actual outcomes, columns predicted' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('td', {}),
        h('th', { scope: 'col' }, predictedTitle('upgrade')),
        h('th', { scope: 'col' }, predictedTitle('cancel')),
      ),
    ),
    h(
      'tbody',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, OUTCOME_LABEL.upgrade),
        cell(uu, true, confusionTitle('upgrade', 'upgrade')),
        cell(uc, false, confusionTitle('upgrade', 'cancel')),
      ),
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, OUTCOME_LABEL.cancel),
        cell(cu, false, confusionTitle('cancel', 'upgrade')),
        cell(cc, true, confusionTitle('cancel', 'cancel')),
      ),
    ),
  );
}

function profileCard(outcome: Outcome, p: OutcomeProfile | null): HTMLElement {
  const title =
    DIRECTION_LABEL.cancel === 'cancellation'
      ? `Fingerprint: ${RECORDING_PLURALS[outcome].toLowerCase()}`
      : `Fingerprint: ${OUTCOME_LABEL[outcome]}`;
  if (!p)
    return card(
      title,
      { 'data-card': `profile-${outcome}` },
      empty(`No journeys with a known ${DIRECTION_LABEL[outcome]} yet.`),
    );
  const md = p.medians;
  return card(
    title,
    { 'data-card': `profile-${outcome}` },
    h('p', { class: 'lead' }, plural(p.journeys, 'journey')),
    h(
      'h3',
      {},
      'Typical status path ',
      h('span', { class: 'muted' }, `(${pct(p.typicalPathShare)} of these journeys)`),
    ),
    pathStrip(p.typicalPath, `Typical status path of ${DIRECTION_LABEL[outcome]} journeys`),
    h('h3', {}, 'Medians'),
    h(
      'dl',
      { class: 'medians' },
      dt('Steps', num(md.steps)),
      dt('Recordings', num(md.recordings)),
      dt('Days spanned', num(md.daysSpanned)),
      dt('Active time', duration(md.activeTimeMs)),
      dt('Days to first attempt', num(md.daysToFirstAttempt)),
      dt('Errors', num(md.frictionErrors)),
      dt('Support contacts', num(md.supportContacts)),
    ),
    h('h3', {}, 'Most common steps'),
    p.commonSteps.length
      ? h(
          'ol',
          { class: 'common-steps' },
          p.commonSteps
            .slice(0, 8)
            .map((c) =>
              h(
                'li',
                {},
                h('span', { class: 'common-label' }, c.label),
                shareBar(c.share, `${pct(c.share)} (${int(c.journeys)})`),
              ),
            ),
        )
      : empty('No step recurs across these journeys.'),
  );
}

function dt(term: string, value: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function indicatorsCard(ctx: AppContext, direction: Outcome): HTMLElement {
  const fromProfile = ctx.report.profiles[direction]?.indicators;
  const list: Indicator[] = (
    fromProfile?.length ? fromProfile : ctx.report.model.indicators.filter((i) => i.direction === direction)
  ).slice(0, 10);
  const title =
    DIRECTION_LABEL.cancel === 'cancellation'
      ? `What precedes ${direction === 'upgrade' ? 'an upgrade' : 'a cancellation'}`
      : `What precedes “${DIRECTION_LABEL[direction]}”`;
  return card(
    title,
    { 'data-card': `indicators-${direction}` },
    list.length
      ? h(
          'ol',
          { class: 'indicators' },
          list.map((i) =>
            h(
              'li',
              { 'data-feature': i.feature },
              h(
                'div',
                { class: 'indicator-head' },
                h('code', {}, i.feature),
                badge(`×${num(i.oddsRatio)} odds`, 'Odds ratio per standard deviation of this feature'),
              ),
              i.examples.length
                ? h(
                    'div',
                    { class: 'examples' },
                    'e.g. ',
                    i.examples
                      .slice(0, 3)
                      .map((ex, n) => [
                        n ? ', ' : '',
                        stepLink(ctx, ex, `${ctx.journey(ex.journeyId)?.name ?? ex.journeyId} step ${ex.stepIndex}`),
                        h('span', { class: 'muted' }, ` “${ex.label}”`),
                      ]),
                  )
                : null,
            ),
          ),
        )
      : empty('No indicators: the classifier has not been trained.'),
  );
}

function crossJourneyCard(ctx: AppContext): HTMLElement | null {
  const cj = ctx.report.crossJourney;
  if (!cj) return null;
  return card(
    'Patterns across journeys',
    { 'data-card': 'cross-journey' },
    h(
      'p',
      { class: 'muted' },
      cj.source === 'ai' ? `AI (${cj.model ?? 'model'})` : 'Rule-based (no AI)',
      ` · ${new Date(cj.generatedAt).toLocaleString('en')}`,
    ),
    cj.patterns.length
      ? h(
          'ul',
          { class: 'patterns' },
          cj.patterns.map((p) =>
            h(
              'li',
              { class: `pattern severity-${p.severity === 'high' || p.severity === 'medium' ? p.severity : 'low'}` },
              h(
                'div',
                { class: 'pattern-head' },
                h('span', { class: 'severity' }, p.severity),
                h('strong', {}, p.title),
                h(
                  'span',
                  { class: 'muted' },
                  ` precedes ${DIRECTION_LABEL[p.precedes] ?? p.precedes} · ${plural(p.journeys, 'journey')} (${pct(p.share)})`,
                ),
              ),
              h('p', {}, p.description),
              p.examples.length
                ? h(
                    'div',
                    { class: 'examples' },
                    'Examples: ',
                    p.examples
                      .slice(0, 5)
                      .map((ex, n) => [
                        n ? ', ' : '',
                        stepLink(ctx, ex, `${ctx.journey(ex.journeyId)?.name ?? ex.journeyId} step ${ex.stepIndex}`),
                      ]),
                  )
                : null,
            ),
          ),
        )
      : empty('No recurring patterns found.'),
  );
}

function problemsCard(r: CompactReport): HTMLElement | null {
  if (!r.problems.length) return null;
  return card(
    'Files with problems',
    { 'data-card': 'problems' },
    h(
      'ul',
      { class: 'problems' },
      r.problems.slice(0, 200).map((p) =>
        h(
          'li',
          { class: p.severity },
          h('span', {
            class: `codicon codicon-${p.severity === 'error' ? 'error' : 'warning'}`,
            'aria-hidden': 'true',
          }),
          ' ',
          h('code', {}, `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`),
          ' ',
          p.message,
        ),
      ),
    ),
    r.problems.length > 200 ? h('p', { class: 'muted' }, `…and ${int(r.problems.length - 200)} more.`) : null,
  );
}

/** "Predicted upgrade", "Predicted purchase" (the recordings' wording, unchanged, when the report names nothing). */
function predictedTitle(o: Outcome): string {
  return `Predicted ${OUTCOME_NAME[o]}`;
}

const RECORDING_PLURALS: Record<Outcome, string> = { upgrade: 'Upgrades', cancel: 'Cancellations' };

function confusionTitle(known: Outcome, predicted: Outcome): string {
  if (DIRECTION_LABEL.cancel === 'cancellation')
    return `${RECORDING_PLURALS[known]} predicted as ${RECORDING_PLURALS[predicted].toLowerCase()}`;
  return `Known “${DIRECTION_LABEL[known]}” predicted as “${DIRECTION_LABEL[predicted]}”`;
}
