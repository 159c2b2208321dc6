// Journey Lens used as a user would, in the real VS Code workbench (code-server) driven by headless Chromium:
// right-click a folder → Analyze Journeys, the Journeys view's groups, F1 → Classify Journey, the Problems entry of
// a broken recording, the API key typed into the real password box, and a journey opened in the dashboard.
// Screenshots go to media/screenshots/ for the README.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, SCREENSHOT_DIR } from '../workbench/paths';
import { openWorkbench, type Workbench } from '../workbench/ui';

const LONG = 60_000;

describe('Journey Lens in the workbench, as a user', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let folder: string;

  before(async () => {
    // The recordings sit in a subfolder so there is a folder to right-click (the workspace root is not a row).
    folder = mkdtempSync(join(tmpdir(), 'journey-lens-ui-'));
    cpSync(join(REPO_ROOT, 'test-fixtures', 'workspace'), join(folder, 'recordings'), { recursive: true });
    wb = await openWorkbench({ folder, width: 1400, height: 900 });
    // Menus show extension entries only once the extension's contributions are registered: its activity-bar icon says so.
    await wb.page.locator('.activitybar a.action-label[aria-label^="Journey Lens"]').waitFor({ timeout: LONG });
  });

  // The view's header label carries its description ("16 journeys"), so find the tree by its own label.
  const tree = () => wb.page.locator('[id="workbench.view.extension.journeyLens"] .monaco-list[aria-label="Journeys"]');
  const treeRow = (text: string) => tree().locator('.monaco-list-row', { hasText: text }).first();
  /**
   * Messages are read from the notification centre, which lists every one of them; toasts are transient, and hidden
   * altogether when the workbench runs with the smoke-test driver.
   */
  async function notification(match: string | RegExp): Promise<string> {
    const items = wb.page.locator('.notifications-center .notification-list-item-message');
    const started = Date.now();
    await wb.runCommand('Notifications: Show Notifications');
    for (;;) {
      const texts = (await items.allTextContents()).map((t) => t.trim());
      const hit = texts.find((t) => (typeof match === 'string' ? t.includes(match) : match.test(t)));
      if (hit) return hit;
      if (Date.now() - started > LONG)
        throw new Error(`no notification matching ${String(match)}; the centre lists ${JSON.stringify(texts)}`);
      await wb.page.waitForTimeout(250);
    }
  }
  async function clearNotifications(): Promise<void> {
    await wb.runCommand('Notifications: Clear All Notifications');
    await hideNotifications();
  }
  async function hideNotifications(): Promise<void> {
    // The status-bar bell toggles the centre; the palette has no "hide" command.
    if (await wb.page.locator('.notifications-center.visible').count())
      await wb.page.locator('[id="status.notifications"]').click();
  }

  const treeRows = async () =>
    (await tree().locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    // Say what the user would see instead, with the extension's log: a retry or a CI log then tells why.
    console.error(await wb.diagnose(join(tmpdir(), `journey-lens-ui-failure-${Date.now()}.png`)));
    // Close whatever the failed step left open (a menu, a quick input) so a retry starts from a calm workbench.
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('Escape');
  });

  after(async () => {
    await wb?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('before anything is analysed, the Journeys view welcomes with "Analyze a folder…"', async () => {
    await wb.openViewContainer('Journey Lens');
    const welcome = wb.page.locator('[id="workbench.view.extension.journeyLens"] .welcome-view-content');
    await welcome.locator('.monaco-button', { hasText: 'Analyze a folder…' }).waitFor({ timeout: LONG });
    assert.match(await welcome.innerText(), /No journeys analysed yet/);
    await wb.openViewContainer('Explorer');
  });

  it('right-clicking a folder offers Analyze Journeys, which fills the Journeys view with its groups', async () => {
    await wb.rightClickExplorerItem('recordings');
    await wb.clickContextMenuItem('Analyze Journeys');
    await treeRow('Needs attention').waitFor({ timeout: LONG });
    const rows = (await treeRows()).join('\n');
    for (const group of ['Upgraded', 'Cancelled', 'Needs attention'])
      assert.ok(rows.includes(group), `no "${group}" group in: ${rows}`);
    assert.match(rows, /Likely upgrade|At risk of cancelling/);
    assert.match(rows, /session-broken\.json/);
    // Known outcomes start collapsed; open one so the screenshot shows journeys with probability and step count.
    await treeRow('Cancelled').click();
    await treeRow('cancel-a').waitFor();
    assert.match(await treeRow('cancel-a').innerText(), /\d+% (cancel|upgrade) · \d+ steps/);
    await wb.page
      .locator('.statusbar-item', { hasText: /Journeys: 16 · \d+ at risk/ })
      .first()
      .waitFor();
    // Wide enough for each journey's probability and step count: drag the sash between side bar and editor.
    const sidebar = (await wb.page.locator('.part.sidebar').boundingBox())!;
    await wb.page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
    await wb.page.mouse.down();
    await wb.page.mouse.move(sidebar.x + sidebar.width + 140, sidebar.y + sidebar.height / 2, { steps: 8 });
    await wb.page.mouse.up();
    await wb.page.mouse.move(900, 450);
    await wb.page.locator('.part.sidebar').screenshot({ path: join(SCREENSHOT_DIR, 'tree.png') });
  });

  it('a folder-only command: Analyze Journeys is not offered on a file', async () => {
    await wb.page.keyboard.press('Escape');
    await wb.rightClickExplorerItem('recordings');
    await wb.page.keyboard.press('Escape');
    // Expand the folder and right-click a JSON file inside it.
    const folderRow = wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'recordings' }).first();
    if ((await folderRow.getAttribute('aria-expanded')) !== 'true') await folderRow.click();
    await wb.rightClickExplorerItem('README.md');
    const items = await wb.contextMenuItems();
    await wb.page.keyboard.press('Escape');
    assert.ok(!items.includes('Analyze Journeys'), `a file's menu offers Analyze Journeys: ${JSON.stringify(items)}`);
  });

  it('F1 → Classify Journey on the open recording answers with the outcome, probability and top indicators', async () => {
    await wb.page.keyboard.press('Control+P');
    await wb.page.keyboard.type('session-us-207.json');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'session-us-207.json' }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tab.active', { hasText: 'session-us-207.json' }).waitFor();
    await clearNotifications();
    await wb.runCommand('Journey Lens: Classify Journey');
    const message = await notification('session-us-207:');
    assert.match(message, /^session-us-207: (likely to upgrade|at risk of cancelling) \(\d+%/);
    assert.match(message, /Weighed most: .+; .+; .+\./);
    await wb.page.locator('.notifications-center .monaco-button', { hasText: 'Open in Dashboard' }).first().waitFor();
    await wb.screenshot('classify');
    await hideNotifications();
  });

  it('F1 → Classify Journey with no recording open offers the journeys in a quick pick', async () => {
    await wb.runCommand('View: Close All Editors');
    await clearNotifications();
    await wb.runCommand('Journey Lens: Classify Journey');
    const pick = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'session-eu-114' }).first();
    await pick.waitFor({ timeout: LONG });
    await pick.click();
    assert.match(
      await notification('session-eu-114:'),
      /^session-eu-114: (likely to upgrade|at risk of cancelling) \(\d+%/,
    );
    await hideNotifications();
  });

  it('F1 → Classify Journey on a JSON file that is not a recording says so', async () => {
    await wb.page.keyboard.press('Control+P');
    await wb.page.keyboard.type('dashboard-config.json');
    await wb.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: 'dashboard-config.json' })
      .first()
      .waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tab.active', { hasText: 'dashboard-config.json' }).waitFor();
    await clearNotifications();
    await wb.runCommand('Journey Lens: Classify Journey');
    await notification('dashboard-config.json is not a journey recording');
    await hideNotifications();
  });

  it('a broken recording is listed in the Problems panel with its line and column', async () => {
    const rows = await wb.problems();
    const entry = rows.find((r) => r.includes("expected ','"));
    assert.ok(entry, `no Problems entry for the broken recording: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.some((r) => r.includes('session-broken.json')),
      JSON.stringify(rows),
    );
    const panelText = (await wb.page.locator('.markers-panel').innerText()).replace(/\s+/g, ' ');
    assert.match(panelText, /\[Ln 6, Col 9\]/);
    await wb.page.locator('.part.panel').screenshot({ path: join(SCREENSHOT_DIR, 'problems.png') });
  });

  it('Set OpenAI API Key asks in a password box and confirms without showing the key', async () => {
    const key = 'sk-ui-test-key-0123456789';
    await clearNotifications();
    await wb.runCommand('Journey Lens: Set OpenAI API Key');
    const input = wb.page.locator('.quick-input-widget input.input');
    await wb.page.locator('.quick-input-widget', { hasText: 'secret storage' }).waitFor();
    assert.equal(await input.getAttribute('type'), 'password');
    await input.pressSequentially(key);
    await wb.page.keyboard.press('Enter');
    // The extension closes the box once it has the key; an Escape before that would cancel it.
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await notification('OpenAI API key saved');
    assert.ok(!(await wb.page.locator('.monaco-workbench').innerText()).includes(key));
    await wb.runCommand('Journey Lens: Clear OpenAI API Key');
    await notification('OpenAI API key removed');
    await hideNotifications();
  });

  it('clicking a journey in the view opens the dashboard with that journey expanded', async () => {
    await wb.openViewContainer('Journey Lens');
    await treeRow('cancel-a').click();
    const webview = wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const open = webview.locator('details[data-journey-id="cancellations/cancel-a.json"][open]');
    await open.waitFor({ timeout: LONG });
    // The host holds only the summary: the steps and the timeline come from the session worker, as bytes VS Code
    // carries to the page, when the section opens.
    await open.locator('.step-row').first().waitFor({ timeout: LONG });
    await open.locator('.timeline svg').waitFor({ timeout: LONG });
    assert.equal(await open.locator('.journey-loading').count(), 0);
  });
});
