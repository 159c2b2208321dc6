// Compare: chosen journeys (or the two outcome types) side by side: aligned status strips, timelines, one metrics table.
import type { CompactJourney } from '../../../src/core/journeys/reportSummary';
import type { JourneyReport, OutcomeProfile, Step } from '../../../src/core/journeys/types';
import type { AppContext } from '../../shell/context';
import { h } from '../../shell/dom';
import {
  DIRECTION_LABEL,
  duration,
  int,
  num,
  OUTCOME_LABEL,
  OUTCOME_NAME,
  pct,
  PREDICTED_LABEL,
} from '../../shell/format';
import { query } from '../journeyQuery';
import { button, dataGrid, dropdown, textField } from '../../shell/ui';
import { empty } from './common';
import { pathStrip, statusStrip } from './statusStrip';
import { statusLegend } from './statusLegend';

const MAX_COMPARED = 6;

export function renderCompare(ctx: AppContext, view: HTMLElement): void {
  const c = ctx.state.compare;
  if (c.mode === 'journeys' && c.journeyIds.length === 0) c.journeyIds = defaultPair(ctx);
  c.journeyIds = c.journeyIds.filter((id) => ctx.journey(id));
  const rerender = () => {
    ctx.saveState();
    renderCompare(ctx, view);
  };
  const controls = h(
    'div',
    { class: 'toolbar' },
    dropdown({
      label: 'Compare',
      value: c.mode,
      attrs: { 'data-compare-control': 'mode' },
      choices: [
        { value: 'journeys', label: 'Chosen journeys' },
        { value: 'outcomes', label: outcomesChoice() },
      ],
      onChange: (v) => {
        c.mode = v as typeof c.mode;
        rerender();
      },
    }).element,
    c.mode === 'journeys'
      ? dropdown({
          label: 'Align',
          value: c.align,
          attrs: { 'data-compare-control': 'align' },
          choices: [
            { value: 'step', label: 'Align by step' },
            { value: 'day', label: 'Align by day' },
          ],
          onChange: (v) => {
            c.align = v as typeof c.align;
            rerender();
          },
        }).element
      : null,
  );
  view.replaceChildren(
    h(
      'div',
      { class: 'compare' },
      controls,
      c.mode === 'outcomes' ? compareOutcomes(ctx) : compareJourneys(ctx, rerender),
    ),
  );
}

/** The most confident upgrade and cancellation, so the tab is useful before anything is picked. */
function defaultPair(ctx: AppContext): string[] {
  const js = ctx.report.journeys;
  const byP = query(js, { text: '', outcome: 'all', status: 'all', sort: 'probability-desc' });
  const up = byP.find((j) => j.outcome === 'upgrade') ?? byP[0];
  const down = [...byP].reverse().find((j) => j.outcome === 'cancel' && j !== up) ?? byP.find((j) => j !== up);
  return [up, down].filter((j): j is CompactJourney => !!j).map((j) => j.id);
}

function compareJourneys(ctx: AppContext, rerender: () => void): HTMLElement {
  const c = ctx.state.compare;
  const chosen = c.journeyIds.map((id) => ctx.journey(id)!).filter(Boolean);
  const results = h('div', { class: 'picker-results', role: 'list' });
  const showResults = (text: string) => {
    const found = text.trim()
      ? query(ctx.report.journeys, { text, outcome: 'all', status: 'all', sort: 'name' })
          .filter((j) => !c.journeyIds.includes(j.id))
          .slice(0, 8)
      : [];
    results.replaceChildren(
      ...found.map((j) =>
        button(`${j.name}`, {
          icon: 'add',
          title: `Add ${j.id}`,
          attrs: { 'data-add-journey': j.id, role: 'listitem' },
          onClick: () => {
            if (c.journeyIds.length < MAX_COMPARED) {
              c.journeyIds.push(j.id);
              rerender();
            }
          },
        }),
      ),
    );
  };
  const picker = h(
    'div',
    { class: 'picker' },
    h(
      'div',
      { class: 'chosen', 'aria-label': 'Journeys being compared' },
      chosen.map((j) =>
        h(
          'span',
          { class: 'chosen-item', 'data-journey-id': j.id },
          h('span', { class: 'chip' }, j.name),
          button(`Remove ${j.name}`, {
            appearance: 'icon',
            icon: 'close',
            onClick: () => {
              c.journeyIds = c.journeyIds.filter((id) => id !== j.id);
              rerender();
            },
          }),
        ),
      ),
    ),
    chosen.length < MAX_COMPARED
      ? textField({ placeholder: 'Add a journey…', value: '', label: 'Find a journey to add', onInput: showResults })
          .element
      : h('span', { class: 'muted' }, `Up to ${MAX_COMPARED} journeys.`),
    results,
  );
  if (chosen.length === 0)
    return h('div', {}, picker, empty('Pick journeys to compare, here or with “Compare” in a journey’s section.'));

  // The steps and timelines of the chosen journeys (asked of the host if the page lacks them; it redraws then).
  const full = new Map(chosen.map((j) => [j.id, ctx.full(j.id)] as const));
  const pending = (j: CompactJourney) =>
    h(
      'p',
      { class: 'muted journey-loading', 'data-state': ctx.detailError(j.id) ? 'error' : 'loading' },
      ctx.detailError(j.id) ?? 'Loading…',
    );
  const timelines = h(
    'div',
    { class: 'compare-timelines stacked' },
    chosen.map((j) =>
      h(
        'div',
        { class: 'compare-col', 'data-journey-id': j.id },
        h('h3', {}, j.name),
        !full.get(j.id)
          ? pending(j)
          : full.get(j.id)!.timeline
            ? h('div', { class: 'timeline' })
            : empty('No timeline.'),
      ),
    ),
  );
  requestAnimationFrame(() =>
    timelines.querySelectorAll<HTMLElement>('.compare-col').forEach((col) => {
      const j = full.get(col.dataset.journeyId ?? '');
      const box = col.querySelector<HTMLElement>('.timeline');
      // Mermaid measures text in a scratch element of its own, so a view still being laid out draws correctly.
      if (j && box && box.isConnected) void ctx.timelines.render(box, j.timeline);
    }),
  );
  return h(
    'div',
    {},
    picker,
    h(
      'h3',
      {},
      'Status strips ',
      h(
        'span',
        { class: 'muted' },
        c.align === 'step' ? '(one cell per step, aligned by step number)' : '(aligned by days since the first step)',
      ),
    ),
    h(
      'div',
      { class: `strips align-${c.align}` },
      chosen.map((j) =>
        h(
          'div',
          { class: 'strip-row', 'data-journey-id': j.id },
          h('span', { class: 'strip-name', title: j.id }, j.name),
          !full.get(j.id)
            ? pending(j)
            : c.align === 'step'
              ? statusStrip(full.get(j.id)!.steps, {
                  label: `Status of each step of ${j.name}`,
                  onStep: (i) => ctx.reveal({ journeyId: j.id, stepIndex: i }),
                })
              : dayStrip(ctx, full.get(j.id)!),
        ),
      ),
    ),
    h('h3', {}, 'Metrics'),
    metricsTable(chosen.map((j) => full.get(j.id) ?? j)),
    h('h3', {}, 'Timelines'),
    chosen.some((j) => full.get(j.id)?.timeline) ? statusLegend(chosen.map((j) => full.get(j.id) ?? j)) : null,
    timelines,
  );
}

/** Steps placed in day columns counted from each journey's first dated step. */
function dayStrip(ctx: AppContext, j: JourneyReport): HTMLElement {
  const days = new Map<number, Step[]>();
  const first = j.steps.find((s) => s.date)?.date;
  const t0 = first ? Date.parse(first) : NaN;
  for (const s of j.steps) {
    const d = s.date && Number.isFinite(t0) ? Math.round((Date.parse(s.date) - t0) / 86_400_000) : 0;
    days.set(d, [...(days.get(d) ?? []), s]);
  }
  const last = Math.max(0, ...days.keys());
  const cols: HTMLElement[] = [];
  for (let d = 0; d <= Math.min(last, 400); d++) {
    const steps = days.get(d) ?? [];
    cols.push(
      h(
        'div',
        { class: 'day-col', 'data-day': d, title: `Day ${d + 1}` },
        steps.length
          ? statusStrip(steps, { label: `Day ${d + 1}`, onStep: (i) => ctx.reveal({ journeyId: j.id, stepIndex: i }) })
          : null,
      ),
    );
  }
  return h('div', { class: 'day-strip', 'aria-label': `Steps of ${j.name} by day` }, cols);
}

function metricsTable(js: CompactJourney[]): HTMLElement {
  const rows: [string, (j: CompactJourney) => string][] = [
    ['Known outcome', (j) => OUTCOME_LABEL[j.outcome]],
    ['Predicted', (j) => (j.prediction ? PREDICTED_LABEL[j.prediction.outcome] : '–')],
    [`P(${OUTCOME_NAME.upgrade})`, (j) => (j.prediction ? pct(j.prediction.pUpgrade) : '–')],
    ['Steps', (j) => int(j.metrics.steps)],
    ['Recordings', (j) => int(j.metrics.recordings)],
    ['Days spanned', (j) => int(j.metrics.daysSpanned)],
    ['Active time', (j) => duration(j.metrics.activeTimeMs)],
    ['Days to first attempt', (j) => num(j.metrics.daysToFirstAttempt)],
    ['Steps to first attempt', (j) => num(j.metrics.stepsToFirstAttempt)],
    ['Errors', (j) => int(j.metrics.friction.errors)],
    ['Support contacts', (j) => int(j.metrics.friction.supportContacts)],
    ['Cancellation steps', (j) => int(j.metrics.friction.cancellationSteps)],
    ['Retention steps', (j) => int(j.metrics.friction.retentionSteps)],
    [
      'Analysis says',
      (j) =>
        j.analysis
          ? `${PREDICTED_LABEL[j.analysis.prediction.outcome]} (${pct(j.analysis.prediction.confidence)})`
          : '–',
    ],
  ];
  return dataGrid({
    label: 'Metrics of the compared journeys',
    columns: [{ title: 'Metric', width: 'minmax(10em, 1fr)' }, ...js.map((j) => ({ title: j.name, width: '1fr' }))],
    rows: rows.map(([label, f]) => [label, ...js.map(f)]),
  });
}

function compareOutcomes(ctx: AppContext): HTMLElement {
  const { upgrade, cancel } = ctx.report.profiles;
  const ps = [upgrade, cancel].filter((p): p is OutcomeProfile => !!p);
  if (ps.length === 0) return empty('No journeys with a known outcome to compare.');
  const name = (p: OutcomeProfile) => (p.outcome === 'upgrade' ? 'Upgrades' : 'Cancellations');
  const rows: [string, (p: OutcomeProfile) => string][] = [
    ['Journeys', (p) => int(p.journeys)],
    ['Typical path share', (p) => pct(p.typicalPathShare)],
    ['Median steps', (p) => num(p.medians.steps)],
    ['Median recordings', (p) => num(p.medians.recordings)],
    ['Median days spanned', (p) => num(p.medians.daysSpanned)],
    ['Median active time', (p) => duration(p.medians.activeTimeMs)],
    ['Median days to first attempt', (p) => num(p.medians.daysToFirstAttempt)],
    ['Median errors', (p) => num(p.medians.frictionErrors)],
    ['Median support contacts', (p) => num(p.medians.supportContacts)],
  ];
  return h(
    'div',
    {},
    h('h3', {}, 'Typical status paths'),
    h(
      'div',
      { class: 'strips' },
      ps.map((p) =>
        h(
          'div',
          { class: 'strip-row', 'data-outcome': p.outcome },
          h('span', { class: 'strip-name' }, name(p)),
          pathStrip(p.typicalPath, `Typical path of ${name(p).toLowerCase()}`),
        ),
      ),
    ),
    h('h3', {}, 'Metrics'),
    dataGrid({
      label: 'Medians by outcome',
      columns: [{ title: 'Metric', width: 'minmax(12em, 1fr)' }, ...ps.map((p) => ({ title: name(p), width: '1fr' }))],
      rows: rows.map(([l, f]) => [l, ...ps.map(f)]),
    }),
    h('h3', {}, 'Most common steps'),
    h(
      'div',
      { class: 'compare-timelines', style: `--cols:${ps.length}` },
      ps.map((p) =>
        h(
          'div',
          { class: 'compare-col' },
          h('h4', {}, name(p)),
          h(
            'ol',
            { class: 'common-steps' },
            p.commonSteps
              .slice(0, 10)
              .map((s) => h('li', {}, s.label, h('span', { class: 'muted' }, ` ${pct(s.share)}`))),
          ),
        ),
      ),
    ),
  );
}

function outcomesChoice(): string {
  return DIRECTION_LABEL.cancel === 'cancellation'
    ? 'Upgrades vs cancellations'
    : `${OUTCOME_LABEL.upgrade} vs ${DIRECTION_LABEL.cancel}`;
}
