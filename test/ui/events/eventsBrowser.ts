/**
 * Shared by the event dashboard's browser tests: the exported page opened from disk, and the panel page served over
 * HTTP with a fake host. Chromium and its launcher are the journeys dashboard's (test/ui/webviewBrowser.ts).
 *
 * The fake host: VS Code's webview API (`acquireVsCodeApi`) exists only inside VS Code, so an init script stands in
 * for it. What the page posts goes to Node through a Playwright binding, where a test's handler map answers it the
 * way the extension host will (replies go back with window.postMessage, as VS Code delivers them).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { EventsReport } from '../../../src/core/events/types';
import { EVENTS_DASHBOARD_FILES, renderEventsPanelHtml } from '../../../src/dashboard/events/html';
import {
  type EventsHostMessage,
  type EventsWebviewHandlers,
  type EventsWebviewMessage,
  dispatchEventsWebviewMessage,
  parseEventsWebviewMessage,
} from '../../../src/dashboard/events/protocol';
import { findEventsWebviewDist, writeEventsDashboardHtml } from '../../../src/node/events/exportHtml';
import { type Browser, type PageLog, watch } from '../webviewBrowser';

// The launcher is the journeys dashboard tests' one; the event tests take it from here only.
export { type Browser, launch, type PageLog, watch } from '../webviewBrowser';

export type Theme = 'light' | 'dark' | 'high-contrast';
export const THEMES: Theme[] = ['light', 'dark', 'high-contrast'];

export function eventsFixture(name: string): EventsReport {
  return JSON.parse(
    readFileSync(resolve(__dirname, '../../../test-fixtures/events/reports', name), 'utf8'),
  ) as EventsReport;
}

export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((t) => {
    document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
    document.body.classList.add(`vscode-${t}`);
  }, theme);
}

/** Writes the report as `journey-lens events --html` does and opens it from disk at a view. */
export async function openEventsExport(
  b: Browser,
  report: EventsReport,
  hash = '',
): Promise<{ page: Page; log: PageLog; file: string }> {
  const file = join(b.dir, `events-${Math.random().toString(36).slice(2)}.html`);
  await writeEventsDashboardHtml(report, file);
  const page = await b.newPage();
  const log = watch(page);
  await page.goto(pathToFileURL(file).href + hash);
  await page.waitForSelector('.ev-tabpanel > .ev-view');
  return { page, log, file };
}

/** Waits until every chart on the page is drawn (or has said why not). */
export async function chartsSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('figure.ev-chart')].every((f) => (f as HTMLElement).dataset.state !== 'pending'),
    undefined,
    { timeout: 30_000 },
  );
}

export class PanelServer {
  private server?: Server;
  origin = '';

  async start(): Promise<void> {
    const dist = findEventsWebviewDist();
    const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };
    this.server = createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/panel.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(
          renderEventsPanelHtml({
            cspSource: this.origin,
            scriptUri: `${this.origin}/${EVENTS_DASHBOARD_FILES.script}`,
            styleUri: `${this.origin}/${EVENTS_DASHBOARD_FILES.style}`,
            plotUri: `${this.origin}/${EVENTS_DASHBOARD_FILES.plot}`,
          }),
        );
        return;
      }
      try {
        const body = await readFile(join(dist, path.replace(/^\/+/, '').replace(/\.\./g, '')));
        res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): void {
    this.server?.close();
  }
}

/** A stand-in for the extension host: records what the webview posts and answers it with a handler map. */
export class FakeHost {
  readonly received: EventsWebviewMessage[] = [];
  /** Messages the webview posted that the protocol's validator rejected (a test expects none). */
  readonly rejected: unknown[] = [];
  private waiters: { match: (m: EventsWebviewMessage) => boolean; resolve: (m: EventsWebviewMessage) => void }[] = [];

  constructor(
    readonly page: Page,
    private readonly handlers: Partial<EventsWebviewHandlers>,
  ) {}

  async open(origin: string): Promise<void> {
    await this.page.exposeBinding('__toHost', (_src, raw: unknown) => {
      void this.onMessage(raw);
    });
    // A string, not a function: tsx would compile a function with helpers that do not exist in the page.
    await this.page.addInitScript({
      content: `
      let acquired = false;
      window.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi may only be called once');
        acquired = true;
        return {
          postMessage: (m) => { window.__toHost(JSON.parse(JSON.stringify(m))); },
          getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined,
          setState: (s) => { sessionStorage.setItem('vscode-state', JSON.stringify(s)); },
        };
      };`,
    });
    await this.page.goto(`${origin}/panel.html`);
  }

  send(msg: EventsHostMessage): Promise<void> {
    return this.page.evaluate((m) => window.postMessage(m, '*'), msg);
  }

  /** The next message (already received or still to come) that `match` accepts. */
  next(match: (m: EventsWebviewMessage) => boolean): Promise<EventsWebviewMessage> {
    const seen = this.received.find(match);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseEventsWebviewMessage(raw);
    if (!msg) {
      this.rejected.push(raw);
      return;
    }
    const w = this.waiters.find((x) => x.match(msg));
    if (w) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(msg);
    } else this.received.push(msg);
    const handlers = { ...NO_HANDLERS, ...this.handlers } as EventsWebviewHandlers;
    await dispatchEventsWebviewMessage(handlers, msg, (reply) => {
      void this.send(reply).catch(() => undefined);
    });
  }
}

const unanswered = () => {
  throw new Error('the fake host has no handler for this request');
};
const NO_HANDLERS: EventsWebviewHandlers = {
  'events/ready': () => undefined,
  'events/openSource': () => undefined,
  'events/recomputeFunnel': unanswered,
  'events/stepDetails': unanswered,
  'events/frictionDetails': unanswered,
  'events/saveFunnel': unanswered,
  'events/columnValues': () => ({ values: [] }),
  'events/aiNote': unanswered,
};
