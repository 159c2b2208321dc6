/**
 * Draws Mermaid timelines. Mermaid (a few MB) is its own bundle, run only when the first timeline is shown;
 * SVGs are cached by theme + content hash and redrawn when VS Code's theme (the body class) changes.
 */
import type MermaidDefault from 'mermaid';
import { decodeScriptFromDataBlock } from '../../src/dashboard/html';
import { h } from '../shell/dom';
import { progressRing } from '../shell/ui';

type Mermaid = typeof MermaidDefault;

export type MermaidSource =
  { kind: 'uri'; uri: string; nonce: string } | { kind: 'inline'; elementId: string; nonce: string };

/** Mermaid's own default; past it Mermaid draws an error diagram instead of the timeline. */
export const MAX_TEXT_SIZE = 50_000;
const TIMELINE_SCALE = 0.75;

type ThemeKind = 'dark' | 'light' | 'hc-dark' | 'hc-light';

export function themeKind(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'hc-light';
  if (c.contains('vscode-high-contrast')) return 'hc-dark';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

/** cyrb53: a fast 53-bit string hash; ids and cache keys only, not security. */
export function contentHash(s: string): string {
  let h1 = 0xdeadbeef,
    h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export class TimelineRenderer {
  private mermaid?: Promise<Mermaid>;
  private initializedFor?: ThemeKind;
  private readonly cache = new Map<string, string>();
  private readonly sources = new WeakMap<HTMLElement, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;

  constructor(private readonly source: MermaidSource) {
    new MutationObserver(() => this.onThemeChange()).observe(document.body, {
      attributes: true,
      attributeFilter: ['class'],
    });
  }

  /** Draws `text` into `container` (which must be visible: Mermaid measures text). Never leaves it blank. */
  render(container: HTMLElement, text: string): Promise<void> {
    this.sources.set(container, text);
    container.classList.add('timeline');
    const theme = themeKind();
    const key = `${theme}:${contentHash(text)}`;
    if (container.dataset.renderedKey === key) return Promise.resolve();
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.insertSvg(container, cached, key);
      return Promise.resolve();
    }
    if (text.length > MAX_TEXT_SIZE) {
      this.showMessage(
        container,
        `This timeline is too large to draw (${text.length.toLocaleString('en')} characters; Mermaid's limit is ${MAX_TEXT_SIZE.toLocaleString('en')}). The step table lists every step.`,
        key,
      );
      return Promise.resolve();
    }
    if (!container.querySelector('svg')) {
      container.replaceChildren(
        h('div', { class: 'timeline-loading' }, progressRing('Drawing timeline'), 'Drawing timeline…'),
      );
    }
    // Mermaid keeps global state while rendering: one diagram at a time.
    const job = this.queue.then(() => this.draw(container, text, theme, key));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async draw(container: HTMLElement, text: string, theme: ThemeKind, key: string): Promise<void> {
    if (this.sources.get(container) !== text) return; // superseded while waiting
    let mermaid: Mermaid;
    try {
      mermaid = await this.load();
    } catch (e) {
      this.showMessage(container, `The timeline library could not be loaded: ${errorText(e)}`, key);
      return;
    }
    this.initialize(mermaid, theme);
    try {
      await mermaid.parse(text);
      const id = `jl-timeline-${contentHash(text)}-${++this.seq}`;
      const { svg } = await mermaid.render(id, text);
      this.cache.set(key, svg);
      if (themeKind() === theme) this.insertSvg(container, svg, key);
    } catch (e) {
      this.showMessage(container, `The timeline could not be drawn: ${errorText(e)}`, key);
      // Mermaid may leave its scratch element behind after a failure.
      document
        .querySelectorAll('body > [id^="djl-timeline-"], body > [id^="ijl-timeline-"]')
        .forEach((n) => n.remove());
    }
  }

  private initialize(mermaid: Mermaid, theme: ThemeKind): void {
    if (this.initializedFor === theme) return;
    this.initializedFor = theme;
    const style = getComputedStyle(document.body);
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: theme === 'dark' || theme === 'hc-dark' ? 'dark' : 'default',
      fontFamily: style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif',
      maxTextSize: MAX_TEXT_SIZE,
      suppressErrorRendering: true,
      // A `%%{init}%%` directive in a diagram must not change any of these.
      secure: [
        'secure',
        'securityLevel',
        'startOnLoad',
        'maxTextSize',
        'suppressErrorRendering',
        'maxEdges',
        'theme',
        'themeCSS',
        'themeVariables',
        'fontFamily',
        'htmlLabels',
        'flowchart',
      ],
    });
  }

  private async load(): Promise<Mermaid> {
    // In an export the Mermaid block follows the app in the page: a timeline open at start-up waits for the parser.
    if (this.source.kind === 'inline' && document.readyState === 'loading') {
      await new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true }));
    }
    this.mermaid ??= new Promise<Mermaid>((resolve, reject) => {
      const done = () => {
        const m = (globalThis as { journeyLensMermaid?: Mermaid }).journeyLensMermaid;
        if (m) resolve(m);
        else reject(new Error('the Mermaid bundle did not register itself'));
      };
      const script = document.createElement('script');
      script.nonce = this.source.nonce;
      if (this.source.kind === 'uri') {
        script.src = this.source.uri;
        script.onload = done;
        script.onerror = () => reject(new Error('the Mermaid bundle failed to load'));
        document.head.appendChild(script);
      } else {
        const block = document.getElementById(this.source.elementId);
        if (!block) return reject(new Error('the Mermaid bundle is missing from this page'));
        script.textContent = decodeScriptFromDataBlock(block.textContent ?? '');
        document.head.appendChild(script); // inline scripts run synchronously on insertion
        done();
      }
    });
    this.mermaid.catch(() => {
      this.mermaid = undefined;
    });
    return this.mermaid;
  }

  private insertSvg(container: HTMLElement, svgText: string, key: string): void {
    // Mermaid's output under securityLevel 'strict' is already DOMPurify-sanitised; parse it in an inert document
    // and strip handlers and script URLs once more so a future Mermaid regression cannot run code here.
    const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${svgText}`, 'text/html');
    const root = doc.body.querySelector('svg');
    if (!root) {
      this.showMessage(container, 'The timeline could not be drawn: Mermaid returned no SVG.', key);
      return;
    }
    for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
      if (el.localName === 'script') {
        el.remove();
        continue;
      }
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name) || (/href$/i.test(attr.name) && /^\s*(javascript|data):/i.test(attr.value)))
          el.removeAttribute(attr.name);
      }
    }
    root.setAttribute('role', 'img');
    // A fixed scale, scrolled sideways: a long left-to-right chain squeezed to the panel width is unreadable.
    // 0.75 brings Mermaid's 16px labels to the editor's ~12px.
    const vb = root
      .getAttribute('viewBox')
      ?.split(/[\s,]+/)
      .map(Number);
    if (vb && vb.length === 4 && vb[2] > 0) {
      root.setAttribute('width', String(Math.ceil(vb[2] * TIMELINE_SCALE)));
      root.setAttribute('height', String(Math.ceil(vb[3] * TIMELINE_SCALE)));
      root.style.removeProperty('max-width');
    }
    container.replaceChildren(document.importNode(root, true));
    container.dataset.renderedKey = key;
    container.dataset.state = 'rendered';
  }

  private showMessage(container: HTMLElement, message: string, key: string): void {
    container.replaceChildren(
      h(
        'div',
        { class: 'timeline-message', role: 'note' },
        h('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }),
        ' ',
        message,
      ),
    );
    container.dataset.renderedKey = key;
    container.dataset.state = 'error';
  }

  /** Visible timelines redraw now; hidden ones redraw when shown (their key no longer matches the theme). */
  private onThemeChange(): void {
    if (this.initializedFor === themeKind()) return;
    document.querySelectorAll<HTMLElement>('.timeline[data-rendered-key]').forEach((el) => {
      const text = this.sources.get(el);
      if (text !== undefined && el.offsetParent !== null) void this.render(el, text);
    });
  }
}

function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}
