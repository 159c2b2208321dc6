// Journeys tab: search, filters, sort, and one page of journey sections (paged so 10,000 journeys paint at once).
import { STATUSES } from '../../../src/dashboard/statusPalette';
import type { JourneyFilters, OutcomeFilter, RevealTarget } from '../../../src/dashboard/journeys/protocol';
import type { AppContext } from '../../shell/context';
import { h } from '../../shell/dom';
import { int, OUTCOME_LABEL, OUTCOME_NAME, STATUS_LABEL } from '../../shell/format';
import { PAGE_SIZE, pageOf, query } from '../journeyQuery';
import { button, dropdown, textField } from '../../shell/ui';
import { drawTimeline, journeySection } from './journeySection';
import { revealStep } from './stepTable';

// Functions, not constants: the labels follow the report's outcome names (format.ts).
const outcomeChoices = (): { value: OutcomeFilter; label: string }[] => [
  { value: 'all', label: 'All outcomes' },
  { value: 'upgrade', label: OUTCOME_LABEL.upgrade },
  { value: 'cancel', label: OUTCOME_LABEL.cancel },
  { value: 'open', label: 'Open' },
  { value: 'predicted-upgrade', label: `Predicted: ${OUTCOME_NAME.upgrade}` },
  { value: 'predicted-cancel', label: `Predicted: ${OUTCOME_NAME.cancel}` },
  { value: 'disagree', label: 'Prediction disagrees' },
];

const sortChoices = (): { value: JourneyFilters['sort']; label: string }[] => [
  { value: 'probability-desc', label: mostLikely('upgrade') },
  { value: 'probability-asc', label: mostLikely('cancel') },
  { value: 'date-desc', label: 'Most recent' },
  { value: 'date-asc', label: 'Oldest' },
  { value: 'length-desc', label: 'Longest' },
  { value: 'length-asc', label: 'Shortest' },
  { value: 'name', label: 'Name' },
];

export interface JourneysView {
  /** Re-run the query and redraw the page (after a report or journey update). */
  refresh(): void;
  /** Replace one journey's section in place, keeping it open or closed. */
  updateJourney(id: string): void;
  reveal(target: RevealTarget): void;
}

export function renderJourneys(ctx: AppContext, view: HTMLElement): JourneysView {
  const f = ctx.state.filters;
  const list = h('div', { class: 'journey-list', role: 'list' });
  const count = h('span', { class: 'count muted', 'aria-live': 'polite' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The filter changes at once and only the redraw is debounced: debouncing the change itself let a keystroke in the
  // search cancel a dropdown choice made just before it.
  const changed = (apply: () => void, delay = 0) => {
    apply();
    clearTimeout(timer);
    timer = setTimeout(() => {
      ctx.state.page = 0;
      ctx.saveState();
      refresh();
    }, delay);
  };
  const search = textField({
    placeholder: 'Search steps, details, names',
    value: f.text,
    label: 'Search journeys',
    onInput: (v) =>
      changed(() => {
        f.text = v;
      }, 150),
  });
  search.element.classList.add('search');
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'search' },
    search.element,
    dropdown({
      label: 'Outcome',
      choices: outcomeChoices(),
      value: f.outcome,
      attrs: { 'data-filter': 'outcome' },
      onChange: (v) =>
        changed(() => {
          f.outcome = v as OutcomeFilter;
        }),
    }).element,
    dropdown({
      label: 'Status',
      choices: [
        { value: 'all', label: 'Any status' },
        ...[...STATUSES, 'unknown' as const].map((s) => ({ value: s, label: `Has: ${STATUS_LABEL[s]}` })),
      ],
      value: f.status,
      attrs: { 'data-filter': 'status' },
      onChange: (v) =>
        changed(() => {
          f.status = v;
        }),
    }).element,
    dropdown({
      label: 'Sort',
      choices: sortChoices(),
      value: f.sort,
      attrs: { 'data-filter': 'sort' },
      onChange: (v) =>
        changed(() => {
          f.sort = v as JourneyFilters['sort'];
        }),
    }).element,
    count,
  );
  view.replaceChildren(h('div', { class: 'journeys' }, toolbar, list, pager));

  function refresh(): void {
    const all = query(ctx.report.journeys, f, ctx.stepHits(f.text));
    const page = pageOf(all, ctx.state.page);
    ctx.state.page = page.page;
    const open = new Set(ctx.state.open);
    list.replaceChildren(...page.items.map((j) => journeySection(ctx, j, open.has(j.id))));
    count.textContent =
      page.total === 0
        ? 'No journeys match'
        : `${int(page.first + 1)}–${int(page.first + page.items.length)} of ${int(page.total)}${page.total !== ctx.report.journeys.length ? ` (filtered from ${int(ctx.report.journeys.length)})` : ''}`;
    pager.replaceChildren(
      ...(page.pages > 1
        ? [
            button('Previous', {
              icon: 'chevron-left',
              onClick: () => go(page.page - 1),
              attrs: page.page === 0 ? { disabled: '' } : {},
            }),
            h('span', { class: 'muted' }, `Page ${int(page.page + 1)} of ${int(page.pages)}`),
            button('Next', {
              icon: 'chevron-right',
              onClick: () => go(page.page + 1),
              attrs: page.page >= page.pages - 1 ? { disabled: '' } : {},
            }),
          ]
        : []),
    );
    if (page.total === 0)
      list.append(
        h(
          'p',
          { class: 'empty' },
          ctx.report.journeys.length ? 'No journey matches these filters.' : 'No journeys in this report.',
        ),
      );
    // Open sections need their timelines once they are laid out.
    requestAnimationFrame(() =>
      list.querySelectorAll<HTMLDetailsElement>('details[open]').forEach((d) => {
        const j = ctx.journey(d.dataset.journeyId ?? '');
        if (j) drawTimeline(ctx, d, j);
      }),
    );
  }

  function go(p: number): void {
    ctx.state.page = p;
    ctx.saveState();
    refresh();
    view.scrollIntoView({ block: 'start' });
  }

  function sectionOf(id: string): HTMLDetailsElement | null {
    return list.querySelector<HTMLDetailsElement>(`details[data-journey-id="${CSS.escape(id)}"]`);
  }

  /** A step to scroll to once its journey's steps have arrived from the host. */
  let awaitedStep: { journeyId: string; stepIndex: number } | undefined;

  function updateJourney(id: string): void {
    const old = sectionOf(id);
    const j = ctx.journey(id);
    if (!old || !j) return;
    const fresh = journeySection(ctx, j, old.open);
    old.replaceWith(fresh);
    if (fresh.open) drawTimeline(ctx, fresh, j);
    if (awaitedStep?.journeyId === id && ctx.full(id)) {
      const { stepIndex } = awaitedStep;
      awaitedStep = undefined;
      requestAnimationFrame(() => revealStep(fresh, stepIndex)?.scrollIntoView({ block: 'center' }));
    }
  }

  function reveal(target: RevealTarget): void {
    const j = ctx.journey(target.journeyId);
    if (!j) return;
    const at = query(ctx.report.journeys, f, ctx.stepHits(f.text)).indexOf(j);
    if (at < 0) return; // the app clears the filters first
    ctx.state.page = Math.floor(at / PAGE_SIZE);
    if (!ctx.state.open.includes(j.id)) ctx.state.open = [...ctx.state.open, j.id];
    ctx.saveState();
    refresh();
    const section = sectionOf(j.id);
    if (!section) return;
    requestAnimationFrame(() => {
      let row: Element | null = null;
      if (target.stepIndex !== undefined) {
        row = revealStep(section, target.stepIndex);
        if (!ctx.full(j.id)) awaitedStep = { journeyId: j.id, stepIndex: target.stepIndex };
      }
      (row ?? section).scrollIntoView({ block: row ? 'center' : 'start' });
      section.querySelector<HTMLElement>('summary')?.focus({ preventScroll: true });
    });
  }

  refresh();
  return { refresh, updateJourney, reveal };
}

/** "Most likely to upgrade" for recordings; "Most likely: purchase" for an event log's outcome. */
function mostLikely(o: 'upgrade' | 'cancel'): string {
  return OUTCOME_NAME.upgrade === 'upgrade' && OUTCOME_NAME.cancel === 'cancel'
    ? `Most likely to ${o}`
    : `Most likely: ${OUTCOME_NAME[o]}`;
}
