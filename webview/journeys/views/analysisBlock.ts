// The analysis of one journey (AI or rule-based), shown beside the classifier's prediction so disagreements show.
import type { CitedPoint, JourneyReport } from '../../../src/core/journeys/types';
import type { AppContext } from '../../shell/context';
import { h } from '../../shell/dom';
import { int, OUTCOME_NAME, pct, PREDICTED_LABEL } from '../../shell/format';
import { button } from '../../shell/ui';
import { stepLink } from './common';

export function analysisBlock(ctx: AppContext, j: JourneyReport): HTMLElement {
  const a = j.analysis;
  const root = h('section', {
    class: 'analysis',
    'data-analysis-source': a?.source ?? 'none',
    'aria-label': 'Analysis',
  });
  const header = h('div', { class: 'analysis-head' }, h('h3', {}, 'Analysis'));
  root.append(header);
  if (a) {
    header.append(
      h(
        'span',
        { class: `chip source source-${a.source === 'ai' ? 'ai' : 'rules'}`, 'data-source-label': '' },
        a.source === 'ai' ? `AI (${a.model ?? 'model'})` : 'Rule-based (no AI)',
      ),
    );
    header.append(
      h(
        'span',
        { class: 'muted' },
        new Date(a.generatedAt).toLocaleString('en'),
        a.tokens
          ? ` · ${int(a.tokens.prompt + a.tokens.completion)} tokens (${int(a.tokens.prompt)} prompt, ${int(a.tokens.completion)} completion)`
          : '',
      ),
    );
  }
  const act = actions(ctx, j);
  if (act) header.append(act);
  if (j.analysisError) {
    root.append(
      h(
        'div',
        { class: 'notice error', role: 'alert', 'data-analysis-error': 'true' },
        h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }),
        ' ',
        `The last analysis failed: ${j.analysisError}`,
        a ? ' The earlier analysis below is kept.' : '',
      ),
    );
  }
  if (!a) {
    root.append(h('p', { class: 'placeholder', 'data-placeholder': 'analysis' }, placeholderText(ctx)));
    return root;
  }
  if (a.redacted) {
    root.append(
      h(
        'p',
        { class: 'muted redaction' },
        h('span', { class: 'codicon codicon-shield', 'aria-hidden': 'true' }),
        ' ',
        'Personal data (emails, phone numbers, card numbers, IP addresses, tokens in URLs) was replaced by placeholders before anything left this machine.',
      ),
    );
  }
  root.append(h('p', { class: 'summary' }, a.summary));
  root.append(predictions(j));
  root.append(
    h(
      'div',
      { class: 'cited-grid' },
      cited(ctx, j, 'Key moments', a.keyMoments),
      cited(ctx, j, 'Friction', a.frictionPoints),
      cited(ctx, j, 'Intent signals', a.intentSignals),
    ),
  );
  root.append(
    h(
      'div',
      { class: 'recommendations' },
      list('What to change in the product', a.recommendations.product),
      list('What to do for this user now', a.recommendations.user),
    ),
  );
  return root;
}

function placeholderText(ctx: AppContext): string {
  if (!ctx.host.connected) return 'This report has no analysis for this journey.';
  const s = ctx.hostState;
  if (s && !s.trusted)
    return 'No analysis yet. AI analysis is off in an untrusted workspace; a rule-based analysis appears when the workspace is analysed.';
  if (s && !s.hasApiKey)
    return 'No analysis yet. Set an OpenAI API key to get an AI analysis, or analyse the workspace for a rule-based one.';
  return 'No analysis yet.';
}

function actions(ctx: AppContext, j: JourneyReport): HTMLElement | null {
  if (!ctx.host.connected) return null;
  const s = ctx.hostState;
  const el = h('span', { class: 'analysis-actions' });
  if (s && s.trusted && !s.hasApiKey) {
    el.append(
      button('Set OpenAI API Key', { icon: 'key', onClick: () => ctx.host.post({ type: 'journeys/setApiKey' }) }),
    );
  }
  el.append(
    button(j.analysis ? 'Re-analyze' : 'Analyze', {
      icon: 'sparkle',
      title: s?.aiAvailable
        ? `Ask ${s.model ?? 'the model'} again, ignoring the cache`
        : 'Rule-based analysis (no AI available)',
      onClick: () => ctx.host.post({ type: 'journeys/reanalyze', journeyIds: [j.id], force: true }),
      attrs: { 'data-action': 'reanalyze' },
    }),
  );
  return el;
}

function predictions(j: JourneyReport): HTMLElement {
  const a = j.analysis!;
  const p = j.prediction;
  const disagree = p && p.outcome !== a.prediction.outcome;
  return h(
    'div',
    { class: `predictions${disagree ? ' disagree' : ''}`, 'data-disagree': disagree ? 'true' : 'false' },
    h(
      'div',
      { class: 'prediction' },
      h('div', { class: 'muted' }, a.source === 'ai' ? 'The model says' : 'The rules say'),
      h('strong', {}, PREDICTED_LABEL[a.prediction.outcome] ?? a.prediction.outcome),
      ` · ${pct(a.prediction.confidence)} confident`,
      h('p', {}, a.prediction.rationale),
    ),
    h(
      'div',
      { class: 'prediction' },
      h('div', { class: 'muted' }, 'The classifier says'),
      p
        ? [
            h('strong', {}, PREDICTED_LABEL[p.outcome]),
            ` · P(${OUTCOME_NAME.upgrade}) ${pct(p.pUpgrade)}`,
            p.outOfFold
              ? h(
                  'p',
                  { class: 'muted' },
                  'Out of fold: this journey was not in the training data of the model that scored it.',
                )
              : null,
          ]
        : h('span', { class: 'muted' }, 'No prediction (the classifier is not trained).'),
    ),
    disagree
      ? h(
          'div',
          { class: 'disagree-note', role: 'note' },
          h('span', { class: 'codicon codicon-git-compare', 'aria-hidden': 'true' }),
          ' They disagree.',
        )
      : null,
  );
}

function cited(ctx: AppContext, j: JourneyReport, title: string, points: CitedPoint[]): HTMLElement {
  return h(
    'div',
    { class: 'cited' },
    h('h4', {}, title),
    points.length
      ? h(
          'ul',
          {},
          points.map((pt) =>
            h(
              'li',
              {},
              pt.text,
              pt.steps.length
                ? h(
                    'span',
                    { class: 'cites' },
                    ' (',
                    pt.steps.map((s, i) => [
                      i ? ', ' : '',
                      stepLink(ctx, { journeyId: j.id, stepIndex: s }, `step ${s}`),
                    ]),
                    ')',
                  )
                : null,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'None.'),
  );
}

function list(title: string, items: string[]): HTMLElement {
  return h(
    'div',
    {},
    h('h4', {}, title),
    items.length
      ? h(
          'ul',
          {},
          items.map((t) => h('li', {}, t)),
        )
      : h('p', { class: 'muted' }, 'None.'),
  );
}
