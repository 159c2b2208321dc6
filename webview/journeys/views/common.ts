import type { IndicatorExample } from '../../../src/core/journeys/types';
import type { AppContext } from '../../shell/context';
import { h } from '../../shell/dom';

/** A link to a step inside the dashboard (reveal), not to the file. */
export function stepLink(
  ctx: AppContext,
  ex: Pick<IndicatorExample, 'journeyId' | 'stepIndex'>,
  text: string,
): HTMLElement {
  const j = ctx.journey(ex.journeyId);
  return h(
    'a',
    {
      href: '#',
      class: 'step-link',
      'data-journey-id': ex.journeyId,
      'data-step-index': ex.stepIndex,
      title: j ? `${j.name}, step ${ex.stepIndex}` : `Step ${ex.stepIndex}`,
      onclick: (ev: Event) => {
        ev.preventDefault();
        ctx.reveal({ journeyId: ex.journeyId, stepIndex: ex.stepIndex });
      },
    },
    text,
  );
}

export function card(title: string, attrs: Record<string, string>, ...body: (Node | null | false)[]): HTMLElement {
  return h('section', { class: 'card', ...attrs }, h('h2', {}, title), ...body);
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'empty' }, text);
}
