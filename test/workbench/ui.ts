// Playwright helpers that use the workbench the way a person does: F1 palette, Explorer context menu,
// activity bar, tree rows, notifications, Problems panel, screenshots. Selectors are VS Code's stable
// workbench class names (the same ones its own smoke tests use); context menus live in an open shadow root,
// which Playwright's CSS engine pierces.
import type { Locator, Page } from 'playwright-core';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type WorkbenchBrowser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { extensionUnderTest } from './extensionUnderTest';
import { ensureWorkbenchInstalled } from './install';
import { defaultWorkspaceFolder, SCREENSHOT_DIR } from './paths';
import { workbenchUrl } from './workbenchUrl';

export interface OpenWorkbenchOptions {
  /** Absolute folder to open; default test-fixtures/sample (or test-fixtures). */
  folder?: string;
  /** Extension to install; default the repo (or the fixture extension before it exists). */
  extensionDevelopmentPath?: string;
  width?: number;
  height?: number;
}

export interface Workbench {
  readonly page: Page;
  readonly server: CodeServer;
  readonly folder: string;
  /** Runs a command from the F1 palette by its full title as shown there, e.g. "Journey Lens: Classify Journey". */
  runCommand(title: string): Promise<void>;
  /** Types into the F1 palette and returns the labels of the commands it lists (without running any). */
  paletteCommands(filter: string): Promise<string[]>;
  /** Opens the Explorer and right-clicks the row whose name is `name` (a file or sub-folder of the open folder). */
  rightClickExplorerItem(name: string): Promise<void>;
  /** Clicks an entry of the open context menu by its label. */
  clickContextMenuItem(label: string): Promise<void>;
  /** Labels of the open context menu's entries. */
  contextMenuItems(): Promise<string[]>;
  /** Clicks the activity-bar entry whose title starts with `title` (e.g. "Journey Lens", "Explorer"). */
  openViewContainer(title: string): Promise<void>;
  /** Visible rows of the view (pane) titled `viewTitle`, each as its accessible label. */
  viewRows(viewTitle: string): Promise<string[]>;
  /** The row of view `viewTitle` whose text contains `text`. */
  viewRow(viewTitle: string, text: string): Locator;
  /** Messages of the notification toasts currently shown. */
  notificationTexts(): Promise<string[]>;
  /** Waits for a toast whose message matches, returns its full text. */
  waitForNotification(match: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Clicks a button on the toast whose message matches. */
  clickNotificationButton(match: RegExp | string, button: string): Promise<void>;
  /** Opens the Problems panel and returns its rows' accessible labels (file rows and marker rows). */
  problems(): Promise<string[]>;
  /** Saves a PNG to media/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /**
   * What a person looking at the failed test would want to know: open quick input or menu, notifications, the side
   * bar, and the tail of the extension's log and the extension host's log on the server. Saves a screenshot to `shot`.
   */
  diagnose(shot?: string): Promise<string>;
  /** The extension's log (Journey Lens.log) of each extension host this workbench started, oldest first. */
  extensionLogs(): string[];
  close(): Promise<void>;
}

const PALETTE = '.quick-input-widget';
const PALETTE_ROWS = `${PALETTE} .quick-input-list .monaco-list-row`;
const CONTEXT_MENU = '.monaco-menu';
const TOAST = '.notifications-toasts .notification-toast';
/** More than the 100 ms after which a VS Code menu item starts to take mouse clicks. */
const MENU_MOUSE_UP_DELAY_MS = 250;

export async function openWorkbench(opts: OpenWorkbenchOptions = {}): Promise<Workbench> {
  ensureWorkbenchInstalled();
  const folder = opts.folder ?? defaultWorkspaceFolder();
  // Without the smoke-test driver (with it, VS Code never shows notification toasts), which also means the
  // extension is installed into the server's extensions dir rather than loaded as under development.
  const server = await startCodeServer({
    automation: false,
    installExtensions: [opts.extensionDevelopmentPath ?? extensionUnderTest()],
  });
  let browser: WorkbenchBrowser | undefined;
  try {
    browser = await launchBrowser({ width: opts.width, height: opts.height });
    const { page } = browser;
    await page.goto(workbenchUrl(server, { folder }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The Explorer lists the folder once the remote file system is connected: the workbench is usable.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return makeWorkbench(page, server, browser, folder);
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
}

function matches(text: string, match: RegExp | string): boolean {
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

function makeWorkbench(page: Page, server: CodeServer, browser: WorkbenchBrowser, folder: string): Workbench {
  const palette = page.locator(PALETTE);

  async function openPalette(filter: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await palette.waitFor({ state: 'visible' });
    const input = palette.locator('input.input');
    await input.fill(`>${filter}`);
  }

  async function paletteLabels(): Promise<string[]> {
    const rows = page.locator(PALETTE_ROWS);
    // The list fills asynchronously after typing; a filter that matches nothing never shows a row.
    await rows
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 })
      .catch(() => undefined);
    return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map(
      (l) => l.trim(),
    );
  }

  // A view's header carries aria-label "<title> Section" even when hidden (a container with a single view).
  const paneBody = (viewTitle: string) =>
    page
      .locator('.pane', { has: page.locator(`.pane-header[aria-label="${viewTitle.replace(/"/g, '\\"')} Section"]`) })
      .locator('.pane-body');

  const toast = (match: RegExp | string) =>
    page.locator(TOAST, { has: page.locator('.notification-list-item-message', { hasText: match }) });

  const wb: Workbench = {
    page,
    server,
    folder,

    async runCommand(title) {
      await openPalette(title);
      const row = page
        .locator(PALETTE_ROWS)
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
      try {
        await row.first().waitFor({ timeout: 15_000 });
      } catch {
        throw new Error(
          `Command "${title}" is not in the F1 palette. It lists: ${JSON.stringify(await paletteLabels())}`,
        );
      }
      await row.first().click();
    },

    async paletteCommands(filter) {
      await openPalette(filter);
      const labels = await paletteLabels();
      await page.keyboard.press('Escape');
      return labels;
    },

    async rightClickExplorerItem(name) {
      await wb.openViewContainer('Explorer');
      const row = page.locator('.explorer-folders-view .monaco-list-row').filter({
        has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }),
      });
      await row.first().click({ button: 'right' });
      await page.locator(CONTEXT_MENU).first().waitFor({ state: 'visible' });
    },

    async contextMenuItems() {
      const menu = page.locator(CONTEXT_MENU).first();
      await menu.waitFor({ state: 'visible' });
      return (await menu.locator('.action-item:not(.disabled) .action-label').allTextContents())
        .map((t) => t.trim())
        .filter(Boolean);
    },

    async clickContextMenuItem(label) {
      const item = page.locator(`${CONTEXT_MENU} .action-item .action-label`, {
        hasText: new RegExp(`^${escapeRegExp(label)}$`),
      });
      try {
        await item.first().waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        throw new Error(
          `"${label}" is not in the context menu. It has: ${JSON.stringify(await wb.contextMenuItems())}`,
        );
      }
      // A menu item listens for mouseup only 100 ms after it is rendered (VS Code's menu.ts, runOnceToEnableMouseUp,
      // so the release of the right-click that opened it cannot pick an entry), and menus ignore 'click'. A person
      // is never that fast; Playwright is, and its click would be dropped without a trace. Hover, wait, then click.
      await item.first().hover();
      await page.waitForTimeout(MENU_MOUSE_UP_DELAY_MS);
      await item.first().click();
      await page
        .locator(CONTEXT_MENU)
        .first()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => {
          throw new Error(`Clicking "${label}" did not close the context menu: the click was not taken`);
        });
    },

    async openViewContainer(title) {
      const entry = page
        .locator('.activitybar li.action-item', {
          has: page.locator(`a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`),
        })
        .first();
      await entry.waitFor({ state: 'visible' });
      // Clicking the container that is already open would close the side bar instead.
      if ((await entry.getAttribute('aria-expanded')) !== 'true') await entry.click();
    },

    async viewRows(viewTitle) {
      const body = paneBody(viewTitle);
      await body.first().waitFor({ state: 'visible' });
      return (
        await body
          .locator('.monaco-list-row')
          .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))
      ).map((t) => t.trim());
    },

    viewRow(viewTitle, text) {
      return paneBody(viewTitle).locator('.monaco-list-row', { hasText: text }).first();
    },

    async notificationTexts() {
      return (await page.locator(`${TOAST} .notification-list-item-message`).allTextContents()).map((t) => t.trim());
    },

    async waitForNotification(match, timeoutMs = 30_000) {
      const t = toast(match).first();
      try {
        await t.waitFor({ state: 'visible', timeout: timeoutMs });
      } catch {
        throw new Error(
          `No notification matching ${String(match)} within ${timeoutMs / 1000} s. Shown: ${JSON.stringify(await wb.notificationTexts())}`,
        );
      }
      const text = (await t.locator('.notification-list-item-message').textContent())?.trim() ?? '';
      if (!matches(text, match)) throw new Error(`Notification "${text}" does not match ${String(match)}`);
      return text;
    },

    async clickNotificationButton(match, button) {
      await toast(match).first().locator('.monaco-button', { hasText: button }).first().click();
    },

    async problems() {
      await wb.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ state: 'visible' });
      return (
        await panel
          .locator('.monaco-list-row')
          .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))
      ).map((t) => t.trim());
    },

    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },

    async diagnose(shot) {
      const text = async (selector: string) =>
        (
          await page
            .locator(selector)
            .allInnerTexts()
            .catch(() => [])
        )
          .map((t) => t.replace(/\s+/g, ' ').trim())
          .filter(Boolean);
      const parts = [
        `Side bar: ${(await text('.part.sidebar')).join(' | ') || '(hidden)'}`,
        `Quick input: ${(await text(`${PALETTE}:visible`)).join(' | ') || '(closed)'}`,
        `Context menu: ${(await text(`${CONTEXT_MENU}:visible`)).join(' | ') || '(closed)'}`,
        `Toasts: ${JSON.stringify(await wb.notificationTexts().catch(() => []))}`,
        `Editors: ${(await text('.tabs-container .tab')).join(' | ') || '(none)'}`,
        ...serverLogTails(server.userDataDir),
      ];
      if (shot) {
        await page.screenshot({ path: shot }).catch(() => undefined);
        parts.push(`Screenshot: ${shot}`);
      }
      return parts.join('\n');
    },

    extensionLogs() {
      return extensionLogFiles(server.userDataDir).map((f) => readFileSync(f, 'utf8'));
    },

    async close() {
      await browser.close();
      await server.stop();
    },
  };
  return wb;
}

/** Every `Journey Lens.log` under the server's logs, in the order the extension hosts started (exthost1, exthost2…). */
function extensionLogFiles(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const host = (f: string) => Number(/exthost(\d+)/.exec(f)?.[1] ?? 0);
  return (readdirSync(logs, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => /(^|[\\/])Journey Lens\.log$/.test(f))
    .sort((a, b) => a.split(/[\\/]/)[0].localeCompare(b.split(/[\\/]/)[0]) || host(a) - host(b))
    .map((f) => join(logs, f));
}

/** Last lines of the extension's own log and of the extension host's log, read from the server's user-data dir. */
function serverLogTails(userDataDir: string, lines = 25): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [`(no server logs in ${logs})`];
  const wanted = (readdirSync(logs, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => /(^|[\\/])(Journey Lens\.log|remoteexthost\.log)$/.test(f))
    .sort();
  return wanted.map((f) => {
    const tail = readFileSync(join(logs, f), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return `--- ${f} (last ${lines} lines)\n${tail}`;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
