// Shared by the dashboard's browser tests: real headless Chromium (Debian's) driven by playwright-core.
import type { DashboardTab } from '../../webview/views';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import type { Report } from '../../src/core/journeys/types';
import { writeDashboardHtml } from '../../src/node/exportHtml';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function fixture(name: string): Report {
  return JSON.parse(readFileSync(resolve(__dirname, '../../test-fixtures/reports', name), 'utf8')) as Report;
}

export interface Browser {
  /** A new page in its own context: fresh storage, so no test sees another's saved dashboard state. */
  newPage(): Promise<Page>;
  dir: string;
  close(): Promise<void>;
}

export async function launch(
  opts: { colorScheme?: 'dark' | 'light'; width?: number; height?: number } = {},
): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'journey-lens-ui-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'xdg');
  // launch() gives Chromium a fresh temporary profile (user-data dir) of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    dir,
    newPage: async () => {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
        colorScheme: opts.colorScheme ?? 'dark',
      });
      const page = await context.newPage();
      page.on('close', () => {
        void context.close();
      });
      return page;
    },
    close: async () => {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything the page did that a test may want to assert never happened (or did). */
export interface PageLog {
  errors: string[];
  console: string[];
  dialogs: string[];
  cspViolations: string[];
}

export function watch(page: Page): PageLog {
  const log: PageLog = { errors: [], console: [], dialogs: [], cspViolations: [] };
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('console', (m) => {
    log.console.push(`${m.type()}: ${m.text()}`);
    if (/Content Security Policy/.test(m.text())) log.cspViolations.push(m.text());
  });
  page.on('dialog', (d) => {
    log.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return log;
}

/** Writes the report as the CLI's self-contained HTML and opens it from disk. */
export async function openExport(
  b: Browser,
  report: Report,
  hash = '',
): Promise<{ page: Page; log: PageLog; file: string }> {
  const file = join(b.dir, `dashboard-${Math.random().toString(36).slice(2)}.html`);
  await writeDashboardHtml(report, file);
  const page = await b.newPage();
  const log = watch(page);
  await page.goto(pathToFileURL(file).href + hash);
  await page.waitForSelector('vscode-panels');
  return { page, log, file };
}

export async function showTab(page: Page, tab: DashboardTab): Promise<void> {
  await page.click(`vscode-panel-tab#tab-${tab}`);
  await page.waitForSelector(`vscode-panel-view#view-${tab} > *`);
}

/** Picks an option of a toolkit dropdown the way a user does: open it, click the option. */
export async function choose(page: Page, dropdownSelector: string, optionText: string): Promise<void> {
  await page.click(dropdownSelector);
  await page.click(`${dropdownSelector} vscode-option:text-is("${optionText}")`);
}

export function section(id: string): string {
  return `details.journey[data-journey-id="${id}"]`;
}
