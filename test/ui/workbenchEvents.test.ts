// Event logs used as a user would, in the real VS Code workbench (code-server) driven by headless Chromium:
// right-click a folder holding a generated shop log → Analyze Events → the Funnel view's step counts equal the
// CLI's on the same folder; adding a step in the editor recomputes in the engine; clicking a drop-off shows a
// dropped user's events; the other views render their hooks with the CLI's numbers; a log full of HTML, script and
// markup runs no script and shows the text as text; killing the engine process is reported and the next run works.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { generateShopLog } from '../../bench/events/generate';
import type { EventsReport } from '../../src/core/events/types';
import { HOSTILE } from '../../test-fixtures/events/reports/generate';
import { REPO_ROOT, SCREENSHOT_DIR } from '../workbench/paths';
import { openWorkbench, type Workbench } from '../workbench/ui';

const LONG = 90_000;
const NODE = join(REPO_ROOT, 'node_modules', '.bin', 'node');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/** The CLI's JSON report on a folder (the numbers the dashboard must show), with extra flags. */
function cliReport(dir: string, out: string, ...flags: string[]): EventsReport {
  execFileSync(NODE, [CLI, 'events', dir, '--json', out, '--quiet', ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
  return JSON.parse(readFileSync(out, 'utf8')) as EventsReport;
}

/** Processes started (transitively) by this test process: the engine is found among them, never by name alone. */
function descendants(root: number): { pid: number; cmd: string }[] {
  const parent = new Map<number, number>();
  const cmd = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      /* gone meanwhile */
    }
  }
  const isBelow = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 64; p = parent.get(p), hops++)
      if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(isBelow).map((pid) => ({ pid, cmd: cmd.get(pid) ?? '' }));
}

function hostileLog(): string {
  const H = HOSTILE;
  const rows: Record<string, string>[] = [];
  const at = (m: number) => new Date(Date.UTC(2025, 2, 1, 10, m)).toISOString();
  for (let u = 0; u < 6; u++) {
    const user = u % 2 ? H.img : `u${u}`;
    const session = `${H.rtl}-${u}`;
    rows.push({
      user_id: user,
      session_id: session,
      path: '/home',
      css: 'a.nav',
      text: H.markdown,
      value: H.style,
      event_time: at(0),
    });
    rows.push({
      user_id: user,
      session_id: session,
      path: H.script,
      css: H.svg,
      text: H.mermaid,
      value: H.closeScript,
      event_time: at(1),
    });
    if (u < 4)
      rows.push({
        user_id: user,
        session_id: session,
        path: '/checkout',
        css: 'div.error-message',
        text: H.script,
        value: H.img,
        event_time: at(2),
      });
    if (u % 3 === 0)
      rows.push({
        user_id: user,
        session_id: session,
        path: '/done',
        css: 'button.place-order',
        text: H.jsUrl,
        value: '1',
        event_time: at(3),
      });
  }
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

describe('Event logs in the workbench, as a user', function () {
  this.timeout(300_000);
  let wb: Workbench;
  let folder: string;
  let cli: EventsReport;
  const tmp = mkdtempSync(join(tmpdir(), 'journey-lens-ui-events-cli-'));

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'journey-lens-ui-events-'));
    // Sub-folders, so there is a folder to right-click (the workspace root is not an Explorer row).
    await generateShopLog(join(folder, 'shop'), 300, 42);
    await generateShopLog(join(folder, 'bigshop'), 2000, 43);
    mkdirSync(join(folder, 'hostile'));
    writeFileSync(join(folder, 'hostile', 'clicks.jsonl'), hostileLog());
    cli = cliReport(join(folder, 'shop'), join(tmp, 'shop.json'));
    wb = await openWorkbench({ folder, width: 1400, height: 900 });
    await wb.page.locator('.activitybar a.action-label[aria-label^="Journey Lens"]').waitFor({ timeout: LONG });
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !wb) return;
    console.error(await wb.diagnose(join(tmpdir(), `journey-lens-ui-events-failure-${Date.now()}.png`)));
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('Escape');
  });

  after(async () => {
    await wb?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  });

  /** The event dashboard's page inside the active webview (VS Code nests it in two iframes). */
  async function dashboard(): Promise<Frame> {
    const outer = wb.page.locator('iframe.webview.ready').last();
    await outer.waitFor({ timeout: LONG });
    const inner = await (await outer.elementHandle())!.contentFrame();
    const frame = await (await inner!.waitForSelector('iframe#active-frame', { timeout: LONG })).contentFrame();
    return frame!;
  }

  async function analyze(name: string): Promise<void> {
    await wb.runCommand('View: Close All Editors');
    await wb.rightClickExplorerItem(name);
    await wb.clickContextMenuItem('Analyze Events');
  }

  async function tab(frame: Frame, view: string): Promise<void> {
    await frame.locator(`[data-tab="${view}"]`).click();
    await frame.locator(`.ev-tabpanel[data-view="${view}"]`).waitFor();
  }

  const stepCounts = (frame: Frame) =>
    frame.locator('[data-funnel-step]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));

  it('right-click a folder → Analyze Events opens the Funnel view with the CLI’s step counts', async () => {
    await wb.runCommand('View: Close All Editors');
    await wb.rightClickExplorerItem('shop');
    const started = Date.now();
    await wb.clickContextMenuItem('Analyze Events');
    const clicked = Date.now();
    const frame = await dashboard();
    const framed = Date.now();
    await frame.locator('[data-funnel-step]').first().waitFor({ timeout: LONG });
    console.log(
      `      time to first funnel (300 users, ${cli.units.events} events): ${Date.now() - started} ms from the menu click ` +
        `(menu closed ${clicked - started} ms, dashboard frame ${framed - started} ms)`,
    );
    assert.deepEqual(
      await stepCounts(frame),
      cli.funnel!.steps.map((s) => s.count),
    );
    await wb.screenshot('workbench-events-funnel');
  });

  it('adding a step in the funnel editor recomputes it in the engine, as the CLI computes that funnel', async () => {
    const frame = await dashboard();
    const n = cli.funnel!.steps.length;
    await frame.locator('[data-add-step]').click();
    await frame.locator(`.ev-edit-step[data-edit-step="${n}"] input.ev-value`).fill('session_end');
    await frame.locator('[data-recompute]').click();
    await frame.locator(`[data-funnel-step="${n}"]`).waitFor({ timeout: LONG });
    const steps = [...cli.funnel!.steps.map((s) => s.match), 'session_end'].join(' > ');
    const expected = cliReport(join(folder, 'shop'), join(tmp, 'edited.json'), '--funnel', steps);
    assert.deepEqual(
      await stepCounts(frame),
      expected.funnel!.steps.map((s) => s.count),
    );
  });

  it('Save in the editor writes journeyLens.events.funnels and the Event logs tree lists the funnel under its log', async () => {
    const frame = await dashboard();
    await frame.locator('input.ev-save-name').fill('Checkout with end');
    await frame.locator('[data-save-funnel]').click();
    await frame.getByText('Saved as "Checkout with end"').first().waitFor({ timeout: LONG });
    const settings = readFileSync(join(folder, '.vscode', 'settings.json'), 'utf8');
    assert.match(settings, /"journeyLens\.events\.funnels"/);
    assert.match(settings, /"name": "Checkout with end"/);
    assert.match(settings, /"source": "shop"/);
    await wb.openViewContainer('Journey Lens');
    const tree = wb.page.locator('[id="workbench.view.extension.journeyLens"] .monaco-list[aria-label="Journeys"]');
    await tree.locator('.monaco-list-row', { hasText: 'Event logs' }).first().waitFor({ timeout: LONG });
    const source = tree.locator('.monaco-list-row', { hasText: /users · .* sessions · .*% convert/ }).first();
    // The twistie, not the label: clicking the label runs the row's command (it opens the dashboard's Overview).
    if ((await source.getAttribute('aria-expanded')) !== 'true') await source.locator('.monaco-tl-twistie').click();
    await tree.locator('.monaco-list-row', { hasText: 'Checkout with end' }).first().waitFor({ timeout: LONG });
    await tree.locator('.monaco-list-row', { hasText: 'Retention' }).first().waitFor();
    await wb.page.locator('.part.sidebar').screenshot({ path: join(SCREENSHOT_DIR, 'workbench-events-tree.png') });
    await wb.page.locator('.tab', { hasText: 'Events: shop' }).click();
    await wb.openViewContainer('Explorer');
  });

  it('clicking a drop-off shows a dropped user’s events, in order, with a link to the source row', async () => {
    const frame = await dashboard();
    const worst = cli.funnel!.steps.findIndex((s, i) => i > 0 && s.dropped > 0);
    assert.ok(worst > 0, 'the generated log drops someone');
    await frame.locator(`[data-drop-step="${worst + 1}"] button`).click();
    const details = frame.locator('[data-card="details"] [data-unit-id]');
    await details.waitFor({ timeout: LONG });
    assert.equal(Number(await details.getAttribute('data-total')), cli.funnel!.steps[worst].dropped);
    const rows = frame.locator('table.ev-events tbody tr');
    assert.ok((await rows.count()) > 0);
    const text = await frame.locator('table.ev-events').innerText();
    assert.match(text, /session_start/);
    assert.match(text, /events\.csv:\d+/);
    await wb.screenshot('workbench-events-details');
    // The source link opens events.csv at that row.
    await frame.locator('table.ev-events [data-open-source]').first().click();
    await wb.page.locator('.tab', { hasText: 'events.csv' }).waitFor({ timeout: LONG });
  });

  it('Friction, Paths, Retention, Segments and Customers render their hooks with the CLI’s numbers', async () => {
    await wb.page.locator('.tab', { hasText: 'Events: shop' }).click();
    const frame = await dashboard();
    await tab(frame, 'friction');
    const friction = await frame
      .locator('[data-friction]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-friction'), Number(e.getAttribute('data-sessions'))]));
    assert.deepEqual(
      friction,
      cli.friction!.map((f) => [f.message, f.sessions]),
    );
    await tab(frame, 'paths');
    const top = cli.paths!.pages[0];
    const page = frame.locator(`[data-page="${top.page}"]`).first();
    assert.equal(Number(await page.getAttribute('data-importance')), top.importance);
    await tab(frame, 'retention');
    const c = cli.retention!.cohorts[1];
    const cell = frame.locator(`[data-cohort="${c.cohort}"][data-period="1"]`).first();
    assert.equal(Number(await cell.getAttribute('data-share')), c.retained[1]);
    await tab(frame, 'segments');
    // A segment's id and size may appear on several elements (table row, legend): one size per id.
    const sizes = await frame
      .locator('[data-segment]')
      .evaluateAll((els) => [
        ...new Map(els.map((e) => [e.getAttribute('data-segment'), Number(e.getAttribute('data-size'))])).values(),
      ]);
    assert.deepEqual(
      sizes.sort((a, b) => a - b),
      cli.segments!.clusters.map((x) => x.size).sort((a, b) => a - b),
    );
    await tab(frame, 'customers');
    const first = cli.ltv!.top[0];
    assert.equal(
      Number(await frame.locator(`[data-customer="${first.customer}"]`).first().getAttribute('data-ltv')),
      first.ltv,
    );
  });

  it('a window reload brings the dashboard back from the stored report, without analysing the log again', async () => {
    await wb.page.locator('.tab', { hasText: 'Events: shop' }).click();
    const hostsBefore = wb.extensionLogs().length;
    await wb.page.reload();
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: LONG });
    const restored = wb.page.locator('.tab', { hasText: 'Events: shop' }).first();
    await restored.waitFor({ timeout: LONG });
    await restored.click();
    // The page comes back on the tab it saved last (VS Code flushes webview state now and then, so which one varies).
    const frame = await dashboard();
    await tab(frame, 'funnel');
    assert.deepEqual(
      await stepCounts(frame),
      cli.funnel!.steps.map((s) => s.count),
    );
    await tab(frame, 'retention');
    const c = cli.retention!.cohorts[1];
    assert.equal(
      Number(await frame.locator(`[data-cohort="${c.cohort}"][data-period="1"]`).first().getAttribute('data-share')),
      c.retained[1],
    );
    const logs = wb.extensionLogs();
    assert.ok(logs.length > hostsBefore, 'the reload started a new extension host');
    const fresh = logs[logs.length - 1];
    assert.match(fresh, /Restored 1 analysed event source/);
    assert.doesNotMatch(fresh, /Analyze Events: .*shop/, 'the new host did not analyse the log again');
  });

  it('a log with HTML, script and markup in path, css, text and value shows the text as text and runs no script', async () => {
    await analyze('hostile');
    const frame = await dashboard();
    await frame.locator('.ev-tabpanel > .ev-view').waitFor({ timeout: LONG });
    for (const view of ['overview', 'funnel', 'friction', 'paths']) await tab(frame, view);
    const row = frame.locator('[data-friction]').first();
    await tab(frame, 'friction');
    assert.equal(await row.getAttribute('data-friction'), HOSTILE.script);
    assert.ok((await row.innerText()).includes(HOSTILE.script), 'the message is shown as its text');
    await row.locator('button').first().click();
    const table = frame.locator('table.ev-events');
    await table.waitFor({ timeout: LONG });
    const shown = await table.innerText();
    for (const s of [HOSTILE.svg, HOSTILE.mermaid, HOSTILE.closeScript])
      assert.ok(shown.includes(s), `not shown as text: ${s}`);
    await tab(frame, 'paths');
    assert.equal(await frame.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    // No element was made from the log's markup (VS Code's own inline script in the frame is not the log's).
    assert.equal(await frame.locator('img[src="x"], svg[onload], style:has-text("display:none")').count(), 0);
  });

  it('F1 → Analyze Events offers the workspace’s recognised event files and their folders, not users.csv', async () => {
    await wb.runCommand('Journey Lens: Analyze Events');
    const rows = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    // The palette's rows give way to the command's quick pick once it has listed the files.
    await rows.filter({ hasText: 'shop/events.csv' }).first().waitFor({ timeout: LONG });
    const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    await wb.page.keyboard.press('Escape');
    for (const want of ['shop/events.csv', 'hostile/clicks.jsonl', 'Browse…'])
      assert.ok(
        labels.some((l) => l.includes(want)),
        `no "${want}" in ${JSON.stringify(labels)}`,
      );
    assert.ok(
      labels.some((l) => /^shop\s*folder · 1 event file\b/.test(l)),
      `no shop folder in ${JSON.stringify(labels)}`,
    );
    assert.ok(!labels.some((l) => l.includes('users.csv')), `a companion table is offered: ${JSON.stringify(labels)}`);
  });

  it('an engine killed during an analysis is reported as an error, and the next run works', async () => {
    const engine = () => descendants(process.pid).filter((p) => p.cmd.includes('eventsEngine.js'));
    if (!engine().length) {
      // Run alone (--grep): start the engine with a first analysis.
      await analyze('shop');
      await (await dashboard()).locator('[data-funnel-step]').first().waitFor({ timeout: LONG });
    }
    const before = engine();
    assert.equal(before.length, 1, `one engine process: ${JSON.stringify(before)}`);
    await analyze('bigshop');
    await wb.waitForNotification('analysing events in bigshop', LONG);
    process.kill(before[0].pid, 'SIGKILL');
    const message = await wb.waitForNotification('event engine stopped', LONG);
    assert.match(message, /run Analyze Events again/);
    await analyze('bigshop');
    const frame = await dashboard();
    await frame.locator('[data-funnel-step]').first().waitFor({ timeout: LONG });
    const after = engine();
    assert.equal(after.length, 1);
    assert.notEqual(after[0].pid, before[0].pid, 'a fresh engine process answered');
  });
});
