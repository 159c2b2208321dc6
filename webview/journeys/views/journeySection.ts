// One journey as a native <details> disclosure: a one-line summary; steps, timeline and analysis when opened (asked
// of the host then, when the page has only the journey's summary).
import type { CompactJourney } from '../../../src/core/journeys/reportSummary';
import type { JourneyReport } from '../../../src/core/journeys/types';
import type { AppContext } from '../../shell/context';
import { h } from '../../shell/dom';
import { int, num, OUTCOME_LABEL, OUTCOME_NAME, plural, PREDICTED_LABEL } from '../../shell/format';
import { button, checkbox } from '../../shell/ui';
import { analysisBlock } from './analysisBlock';
import { probabilityBar } from './charts';
import { statusLegend } from './statusLegend';
import { stepTable } from './stepTable';

export function journeySection(ctx: AppContext, j: CompactJourney, open: boolean): HTMLDetailsElement {
  const details = h('details', { class: `journey outcome-${j.outcome}`, 'data-journey-id': j.id, open }, summary(j));
  let built = false;
  const build = () => {
    if (built) return;
    const full = ctx.full(j.id);
    // Until the steps arrive (the list redraws this section then) a line says so, or why they will not.
    if (!full) {
      if (!details.querySelector(':scope > .journey-loading')) details.append(loading(ctx, j));
      return;
    }
    built = true;
    details.append(body(ctx, full));
  };
  if (open) build();
  details.addEventListener('toggle', () => {
    if (details.open) {
      build();
      drawTimeline(ctx, details, j);
    }
    const ids = new Set(ctx.state.open);
    if (details.open) ids.add(j.id);
    else ids.delete(j.id);
    ctx.state.open = [...ids];
    ctx.saveState();
  });
  return details;
}

export function drawTimeline(ctx: AppContext, details: HTMLElement, j: CompactJourney): void {
  const box = details.querySelector<HTMLElement>(':scope > .journey-body .timeline');
  const timeline = j.timeline ?? ctx.full(j.id)?.timeline;
  if (box && timeline) void ctx.timelines.render(box, timeline);
}

function loading(ctx: AppContext, j: CompactJourney): HTMLElement {
  const error = ctx.detailError(j.id);
  return h(
    'div',
    { class: 'journey-loading', 'data-state': error ? 'error' : 'loading', role: 'status' },
    error
      ? [h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }), ' ', error]
      : `Loading ${plural(j.metrics.steps, 'step')}, the timeline and the analysis…`,
  );
}

function summary(j: CompactJourney): HTMLElement {
  const p = j.prediction;
  const m = j.metrics;
  return h(
    'summary',
    {},
    h('span', { class: 'chevron codicon codicon-chevron-right', 'aria-hidden': 'true' }),
    h('span', { class: 'j-title' }, h('span', { class: 'j-name' }, j.name), h('span', { class: 'j-id muted' }, j.id)),
    h(
      'span',
      { class: `j-outcome outcome-chip outcome-${j.outcome}`, title: `Known outcome (${sourceText(j.outcomeSource)})` },
      OUTCOME_LABEL[j.outcome] ?? j.outcome,
    ),
    h(
      'span',
      { class: 'j-pred' },
      p
        ? [h('span', { class: `pred-label pred-${p.outcome}` }, PREDICTED_LABEL[p.outcome]), probabilityBar(p.pUpgrade)]
        : h('span', { class: 'muted' }, 'No prediction'),
    ),
    h('span', { class: 'j-stat', title: 'Steps' }, plural(m.steps, 'step')),
    h('span', { class: 'j-stat', title: 'Calendar days from first to last step' }, plural(m.daysSpanned, 'day')),
    j.warnings.length
      ? h(
          'span',
          { class: 'j-warn', title: j.warnings.join('\n') },
          h('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }),
          ` ${j.warnings.length}`,
          h('span', { class: 'sr-only' }, ' warnings'),
        )
      : h('span', { class: 'j-warn' }),
    j.analysisError
      ? h('span', {
          class: 'codicon codicon-error j-error',
          title: `Analysis failed: ${j.analysisError}`,
          role: 'img',
          'aria-label': 'Analysis failed',
        })
      : null,
  );
}

function sourceText(s: CompactJourney['outcomeSource']): string {
  return (
    {
      folder: 'from its folder',
      filename: 'from its file name',
      'terminal-status': 'from its last status',
      event: 'from its outcome event',
      column: 'from its label column',
      none: 'unknown',
    }[s] ?? s
  );
}

function body(ctx: AppContext, j: JourneyReport): HTMLElement {
  const top = j.prediction?.top ?? [];
  return h(
    'div',
    { class: 'journey-body' },
    h(
      'div',
      { class: 'journey-actions' },
      ctx.host.connected
        ? [
            button('Open recording', {
              icon: 'go-to-file',
              onClick: () =>
                ctx.host.post({ type: 'journeys/openStep', journeyId: j.id, stepIndex: j.steps[0]?.index ?? 1 }),
            }),
            button('Classify', {
              icon: 'symbol-boolean',
              onClick: () => ctx.host.post({ type: 'journeys/classify', journeyId: j.id }),
            }),
          ]
        : null,
      checkbox({
        label: 'Compare',
        checked: ctx.state.compare.journeyIds.includes(j.id),
        onChange: (on) => ctx.toggleCompare(j.id, on),
        attrs: { 'data-action': 'compare' },
      }),
      h('span', { class: 'muted file-path', title: j.file }, j.file),
    ),
    j.warnings.length
      ? h(
          'ul',
          { class: 'warnings' },
          j.warnings.map((w) =>
            h('li', {}, h('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }), ' ', w),
          ),
        )
      : null,
    top.length
      ? h(
          'p',
          { class: 'why' },
          h('span', { class: 'muted' }, 'Weighed most: '),
          top
            .slice(0, 3)
            .map((t, i) => [
              i ? ', ' : '',
              h('code', {}, t.feature),
              h(
                'span',
                { class: `toward-${t.direction}` },
                ` ${t.contribution >= 0 ? '+' : '−'}${num(Math.abs(t.contribution))} toward ${OUTCOME_NAME[t.direction]}`,
              ),
            ]),
        )
      : null,
    h('h3', {}, 'Timeline'),
    j.timeline ? statusLegend([j]) : null,
    j.timeline
      ? h('div', { class: 'timeline', 'data-state': 'pending' })
      : h('p', { class: 'timeline-message' }, 'No timeline in this report.'),
    h(
      'h3',
      {},
      'Steps ',
      h('span', { class: 'muted' }, `(${int(j.steps.length)} in ${plural(j.metrics.recordings, 'recording')})`),
    ),
    stepTable(ctx, j),
    analysisBlock(ctx, j),
  );
}
