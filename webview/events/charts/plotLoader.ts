/**
 * Loads the Plot bundle (charts/plotBundle.ts) once, on the first chart: by URI with the page nonce in the panel, from
 * its data block in an export. Every chart is a figure that shows a placeholder until the library is there, and is
 * drawn again when VS Code's theme (the body class) changes, because its colours are read from the theme's variables.
 */
import { decodeScriptFromDataBlock } from '../../../src/dashboard/events/html';
import type { PlotLibrary } from './plotBundle';
import { readTheme, type ChartTheme } from './theme';
import { h } from '../shared';

export type PlotSource =
  { kind: 'uri'; uri: string; nonce: string } | { kind: 'inline'; elementId: string; nonce: string };

export type DrawChart = (lib: PlotLibrary, theme: ChartTheme, width: number) => Element;

export class PlotLoader {
  private lib?: Promise<PlotLibrary>;
  private readonly draws = new WeakMap<HTMLElement, DrawChart>();

  constructor(private readonly source: PlotSource) {
    new MutationObserver(() => this.redrawAll()).observe(document.body, {
      attributes: true,
      attributeFilter: ['class'],
    });
  }

  /** A figure holding the chart `draw` makes; drawn once the library has loaded and the figure is in the page. */
  chart(label: string, draw: DrawChart, caption?: string): HTMLElement {
    const holder = h(
      'div',
      { class: 'ev-chart-body', role: 'img', 'aria-label': label },
      h('span', { class: 'muted' }, 'Drawing chart…'),
    );
    const figure = h(
      'figure',
      { class: 'ev-chart', 'data-chart': label, 'data-state': 'pending' },
      holder,
      caption ? h('figcaption', {}, caption) : null,
    );
    this.draws.set(figure, draw);
    void this.draw(figure);
    return figure;
  }

  private async draw(figure: HTMLElement): Promise<void> {
    const draw = this.draws.get(figure);
    if (!draw) return;
    const holder = figure.querySelector<HTMLElement>('.ev-chart-body')!;
    let lib: PlotLibrary;
    try {
      lib = await this.load();
    } catch (e) {
      holder.replaceChildren(
        h(
          'span',
          { class: 'ev-error' },
          `The chart library could not be loaded: ${e instanceof Error ? e.message : String(e)}. The table shows the same numbers.`,
        ),
      );
      figure.dataset.state = 'error';
      return;
    }
    // Wait until the view is attached, so the chart can take its width.
    for (let i = 0; i < 20 && !figure.isConnected; i++) await new Promise((r) => requestAnimationFrame(r));
    try {
      const width = Math.max(280, Math.min(900, Math.floor(holder.clientWidth || figure.clientWidth || 560)));
      holder.replaceChildren(draw(lib, readTheme(), width));
      figure.dataset.state = 'drawn';
    } catch (e) {
      holder.replaceChildren(
        h(
          'span',
          { class: 'ev-error' },
          `The chart could not be drawn: ${e instanceof Error ? e.message : String(e)}. The table shows the same numbers.`,
        ),
      );
      figure.dataset.state = 'error';
    }
  }

  private redrawAll(): void {
    document.querySelectorAll<HTMLElement>('figure.ev-chart[data-state="drawn"]').forEach((f) => void this.draw(f));
  }

  load(): Promise<PlotLibrary> {
    this.lib ??= new Promise<PlotLibrary>((resolve, reject) => {
      const done = () => {
        const lib = (globalThis as { journeyLensPlot?: PlotLibrary }).journeyLensPlot;
        if (lib) resolve(lib);
        else reject(new Error('the Plot bundle did not register itself'));
      };
      const script = document.createElement('script');
      script.nonce = this.source.nonce;
      if (this.source.kind === 'uri') {
        script.src = this.source.uri;
        script.onload = done;
        script.onerror = () => reject(new Error('the Plot bundle failed to load'));
        document.head.appendChild(script);
        return;
      }
      const run = () => {
        const block = document.getElementById((this.source as { elementId: string }).elementId);
        if (!block) return reject(new Error('the Plot bundle is missing from this page'));
        script.textContent = decodeScriptFromDataBlock(block.textContent ?? '');
        document.head.appendChild(script); // inline scripts run synchronously on insertion
        done();
      };
      // In an export the Plot block follows the app in the page.
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
      else run();
    });
    this.lib.catch(() => {
      this.lib = undefined;
    });
    return this.lib;
  }
}
