// The page the VS Code panel gets (renderDashboardHtml), served over real HTTP to real Chromium.
// VS Code's webview API cannot run here, so `acquireVsCodeApi` is a stub injected before the page's scripts:
// it stands in for VS Code, recording what the webview posts and keeping getState/setState across reloads.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { DASHBOARD_FILES, renderDashboardHtml } from '../../src/dashboard/html';
import { findWebviewDist } from '../../src/node/exportHtml';
import { journeyDetail, reportSummary, type JourneyDetail } from '../../src/core/journeys/reportSummary';
import type { HostMessage, WebviewMessage } from '../../src/dashboard/journeys/protocol';
import { type Browser, fixture, launch, type PageLog, section, watch } from './webviewBrowser';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

describe('dashboard in the VS Code panel page (acquireVsCodeApi stubbed)', function () {
  let browser: Browser;
  let server: Server;
  let origin = '';
  const report = fixture('small.json');
  const dist = findWebviewDist();

  before(async () => {
    server = createServer(async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/panel.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(
          renderDashboardHtml({
            cspSource: origin,
            scriptUri: `${origin}/${DASHBOARD_FILES.script}`,
            styleUri: `${origin}/${DASHBOARD_FILES.style}`,
            mermaidUri: `${origin}/${DASHBOARD_FILES.mermaid}`,
          }),
        );
        return;
      }
      try {
        const body = await readFile(join(dist, path.replace(/^\/+/, '').replace(/\.\./g, '')));
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function openPanel(): Promise<{ page: Page; log: PageLog }> {
    const page = await browser.newPage();
    const log = watch(page);
    // A string, not a function: tsx would compile a function with helpers that do not exist in the page.
    await page.addInitScript({
      content: `
      window.__posted = [];
      let acquired = false;
      window.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi may only be called once');
        acquired = true;
        return {
          postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
          getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null') ?? undefined,
          setState: (s) => { sessionStorage.setItem('vscode-state', JSON.stringify(s)); },
        };
      };`,
    });
    await page.goto(`${origin}/panel.html`);
    return { page, log };
  }

  const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted);
  const send = (page: Page, msg: HostMessage) => page.evaluate((m) => window.postMessage(m, '*'), msg);

  it('posts ready, waits for the report, then renders the report it is sent', async () => {
    const { page, log } = await openPanel();
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'journeys/ready'),
    );
    assert.match(await page.locator('#app').innerText(), /Waiting for the analysis/);
    await send(page, { type: 'journeys/report', report });
    await page.locator('[data-card="classifier"]').waitFor();
    await page.click('vscode-panel-tab#tab-journeys');
    await page.waitForFunction(
      (n) => document.querySelectorAll('details.journey').length === n,
      report.journeys.length,
    );
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.cspViolations, [], 'the panel CSP allows everything the page legitimately loads');
    await page.close();
  });

  it('posts openStep with the journey and step when "open at step" is clicked', async () => {
    const { page } = await openPanel();
    const j = report.journeys[2];
    await send(page, { type: 'journeys/report', report, reveal: { journeyId: j.id } });
    const details = page.locator(`${section(j.id)}[open]`);
    await details.waitFor();
    await details.locator('.step-row[data-step-index="3"] a.open-step').click();
    const msgs = await posted(page);
    assert.deepEqual(
      msgs.filter((m) => m.type === 'journeys/openStep'),
      [{ type: 'journeys/openStep', journeyId: j.id, stepIndex: 3 }],
    );
    await page.close();
  });

  it('opens the journey a reveal message names and loads Mermaid from the bundle URI for its timeline', async () => {
    const { page, log } = await openPanel();
    await send(page, { type: 'journeys/report', report });
    await page.locator('[data-card="classifier"]').waitFor();
    const j = report.journeys[5];
    await send(page, { type: 'journeys/reveal', journeyId: j.id, stepIndex: 2 });
    await page.locator(`${section(j.id)}[open] .step-row.highlight[data-step-index="2"]`).waitFor();
    await page.locator(`${section(j.id)} .timeline svg`).waitFor({ timeout: 30_000 });
    assert.deepEqual(log.cspViolations, []);
    await page.close();
  });

  it('shows a failed analysis next to the earlier one and offers the host actions the host state allows', async () => {
    const { page } = await openPanel();
    const j = report.journeys.find((x) => x.analysis)!;
    await send(page, { type: 'journeys/report', report, reveal: { journeyId: j.id } });
    await send(page, {
      type: 'journeys/hostState',
      state: { aiAvailable: true, hasApiKey: true, trusted: true, model: 'gpt-4.1-mini' },
    });
    await send(page, {
      type: 'journeys/analysisResult',
      journeyId: j.id,
      result: { ok: false, error: 'The model service answered 401: check the API key.' },
    });
    const block = page.locator(`${section(j.id)} .analysis`);
    await block.locator('[data-analysis-error]').waitFor();
    assert.match(await block.innerText(), /401/);
    assert.match(
      await block.locator('.summary').innerText(),
      new RegExp(j.analysis!.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      'earlier analysis kept',
    );
    await block.locator('vscode-button[data-action="reanalyze"]').click();
    await page.locator('vscode-button[data-action="run-ai"]').click();
    const msgs = await posted(page);
    assert.deepEqual(
      msgs.find((m) => m.type === 'journeys/reanalyze'),
      { type: 'journeys/reanalyze', journeyIds: [j.id], force: true },
    );
    assert.ok(msgs.some((m) => m.type === 'journeys/runAi'));

    await send(page, { type: 'journeys/hostState', state: { aiAvailable: false, hasApiKey: false, trusted: true } });
    await page.locator('vscode-button[data-action="set-api-key"]').click();
    assert.ok((await posted(page)).some((m) => m.type === 'journeys/setApiKey'));
    await page.close();
  });

  it('restores its tab and open sections from getState after a reload, and says ready again', async () => {
    const { page } = await openPanel();
    const j = report.journeys[1];
    await send(page, { type: 'journeys/report', report, reveal: { journeyId: j.id } });
    await page.locator(`${section(j.id)}[open]`).waitFor();
    await page.waitForFunction(() => sessionStorage.getItem('vscode-state')?.includes('"tab":"journeys"'));
    await page.reload();
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'journeys/ready'),
    );
    await send(page, { type: 'journeys/report', report });
    await page.locator(`${section(j.id)}[open]`).waitFor();
    assert.equal(await page.locator('vscode-panel-tab#tab-journeys').getAttribute('aria-selected'), 'true');
    await page.close();
  });

  it('reveals a journey hidden by the current search by clearing the filters', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'journeys/report', report });
    await page.click('vscode-panel-tab#tab-journeys');
    await page.fill('vscode-text-field.search input', 'no journey says this');
    await page.locator('.journey-list .empty').waitFor();
    const j = report.journeys[7];
    await send(page, { type: 'journeys/reveal', journeyId: j.id });
    await page.locator(`${section(j.id)}[open]`).waitFor();
    assert.equal(await page.locator('vscode-text-field.search input').inputValue(), '');
    await page.close();
  });

  it('keeps the search field, its focus and the open sections when a fresh report arrives', async () => {
    const { page } = await openPanel();
    const j = report.journeys[3];
    await send(page, { type: 'journeys/report', report, reveal: { journeyId: j.id } });
    await page.locator(`${section(j.id)}[open]`).waitFor();
    await page.locator('vscode-text-field.search input').pressSequentially(j.name.slice(0, 4));
    await page.waitForFunction(() => document.querySelector('.toolbar .count')?.textContent?.includes('filtered'));
    const renamed = {
      ...report,
      journeys: report.journeys.map((x) => (x.id === j.id ? { ...x, name: `${x.name}-v2` } : x)),
    };
    await send(page, { type: 'journeys/report', report: renamed });
    await page.locator(`${section(j.id)}[open] .j-name:text-is("${j.name}-v2")`).waitFor();
    assert.equal(await page.locator('vscode-text-field.search input').inputValue(), j.name.slice(0, 4));
    assert.equal(
      await page.evaluate(() => document.activeElement?.matches('vscode-text-field.search')),
      true,
      'focus stays in the search field',
    );
    await page.close();
  });

  it('shows analysis progress with a Cancel that posts cancelAnalysis, and a notice whose action posts setApiKey', async () => {
    const { page } = await openPanel();
    await send(page, { type: 'journeys/report', report });
    await send(page, { type: 'journeys/analysisProgress', done: 3, total: 10, message: 'Asking gpt-4.1-mini' });
    const busy = page.locator('.status-area [data-busy]');
    assert.match(await busy.innerText(), /Asking gpt-4\.1-mini: 3 of 10/);
    await busy.locator('vscode-button', { hasText: 'Cancel' }).click();
    await send(page, { type: 'journeys/analysisProgress', done: 10, total: 10 });
    await busy.waitFor({ state: 'detached' });
    await send(page, {
      type: 'journeys/error',
      message: 'The OpenAI key was rejected (401).',
      action: 'journeys/setApiKey',
    });
    const notice = page.locator('.notices .notice', { hasText: '401' });
    await notice.locator('vscode-button', { hasText: 'Set OpenAI API Key' }).click();
    const types = (await posted(page)).map((m) => m.type);
    assert.ok(types.includes('journeys/cancelAnalysis') && types.includes('journeys/setApiKey'), types.join(', '));
    await notice.locator('vscode-button[aria-label="Dismiss"]').click();
    await notice.waitFor({ state: 'detached' });
    await page.close();
  });

  it('updates one journey in place when the host sends journeyUpdated', async () => {
    const { page } = await openPanel();
    const j = report.journeys[0];
    await send(page, { type: 'journeys/report', report, reveal: { journeyId: j.id } });
    await page.locator(`${section(j.id)}[open]`).waitFor();
    await send(page, { type: 'journeys/journeyUpdated', journey: { ...j, name: 'renamed-by-watcher' } });
    await page.locator(`${section(j.id)}[open] .j-name:text-is("renamed-by-watcher")`).waitFor();
    await page.close();
  });
  it('assembles a report sent in slices and opens a journey revealed before its slice arrived', async () => {
    const { page, log } = await openPanel();
    const head = { ...report, journeys: report.journeys.slice(0, 4) };
    const later = report.journeys[report.journeys.length - 1];
    await send(page, { type: 'journeys/report', report: head, reveal: { journeyId: later.id } });
    await page.waitForFunction(() => document.querySelectorAll('details.journey').length === 4);
    await send(page, { type: 'journeys/journeysAppended', journeys: report.journeys.slice(4, 9) });
    // The VS Code host sends slices as UTF-8 JSON (journeysJson): bytes built in the page, as the RPC hands them over.
    await page.evaluate(
      (json) =>
        window.postMessage({ type: 'journeys/journeysAppended', journeys: new TextEncoder().encode(json) }, '*'),
      JSON.stringify(report.journeys.slice(9)),
    );
    await page.locator(`${section(later.id)}[open]`).waitFor();
    const shown = Math.min(report.journeys.length, 50);
    await page.waitForFunction((n) => document.querySelectorAll('details.journey').length === n, shown);
    const ids = await page
      .locator('details.journey')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-journey-id')));
    assert.equal(new Set(ids).size, ids.length, 'no journey appears twice');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  describe('with a compact report, as the VS Code host sends it (steps on demand)', () => {
    const compact = reportSummary(report);
    /** The host's answer as the session worker makes it: the detail's JSON as UTF-8 bytes, built in the page. */
    const sendDetail = (page: Page, journeyId: string, detail: JourneyDetail | { error: string }) =>
      page.evaluate(
        ({ journeyId, json, error }) =>
          window.postMessage(
            {
              type: 'journeys/journeyDetail',
              journeyId,
              result: error ? { ok: false, error } : { ok: true, value: new TextEncoder().encode(json) },
            },
            '*',
          ),
        { journeyId, json: JSON.stringify(detail), error: 'error' in detail ? detail.error : '' },
      );
    const asked = async (page: Page) =>
      (await posted(page)).filter((m) => m.type === 'journeys/loadJourney').map((m) => m.journeyId);

    it("asks for an opened journey's steps once and shows them, the timeline and the analysis when they arrive", async () => {
      const { page, log } = await openPanel();
      const j = report.journeys[4];
      await send(page, { type: 'journeys/report', report: compact, reveal: { journeyId: j.id, stepIndex: 2 } });
      const open = page.locator(`${section(j.id)}[open]`);
      await open.locator('.journey-loading[data-state="loading"]').waitFor();
      await page.waitForFunction(
        (id) =>
          (window as unknown as { __posted: { type: string; journeyId?: string }[] }).__posted.some(
            (m) => m.type === 'journeys/loadJourney' && m.journeyId === id,
          ),
        j.id,
      );
      assert.equal(await page.locator('.step-row').count(), 0, 'no steps before the host sends them');
      await sendDetail(page, j.id, journeyDetail(j));
      await open.locator('.step-row.highlight[data-step-index="2"]').waitFor();
      assert.equal(await open.locator('.step-row').count(), j.steps.length);
      await open.locator('.timeline svg').waitFor({ timeout: 30_000 });
      assert.match(await open.locator('.analysis .summary').innerText(), /\S/);
      assert.deepEqual(await asked(page), [j.id], 'asked once, and only for the journey opened');
      assert.deepEqual(log.errors, []);
      await page.close();
    });

    it('says why when the journey vanished in a re-analysis, and asks again after the journey is updated', async () => {
      const { page } = await openPanel();
      const j = report.journeys[6];
      await send(page, { type: 'journeys/report', report: compact, reveal: { journeyId: j.id } });
      await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'journeys/loadJourney'),
      );
      await sendDetail(page, j.id, { error: `${j.id} is no longer in the analysis: its file was deleted or changed.` });
      const error = page.locator(`${section(j.id)} .journey-loading[data-state="error"]`);
      await error.waitFor();
      assert.match(await error.innerText(), /no longer in the analysis/);
      await send(page, { type: 'journeys/journeyUpdated', journey: compact.journeys[6] });
      await page.waitForFunction(
        (id) =>
          (window as unknown as { __posted: { type: string; journeyId?: string }[] }).__posted.filter(
            (m) => m.type === 'journeys/loadJourney' && m.journeyId === id,
          ).length === 2,
        j.id,
      );
      await page.close();
    });

    it('asks the host to search the steps it does not have, and lists the journeys the host names', async () => {
      const { page } = await openPanel();
      await send(page, { type: 'journeys/report', report: compact });
      await page.click('vscode-panel-tab#tab-journeys');
      await page.fill('vscode-text-field.search input', 'words only a step says');
      await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string; text?: string }[] }).__posted.some(
          (m) => m.type === 'journeys/search' && m.text === 'words only a step says',
        ),
      );
      await page.locator('.journey-list .empty').waitFor();
      const hits = [report.journeys[2].id, report.journeys[8].id];
      await send(page, {
        type: 'journeys/searchResult',
        text: 'words only a step says',
        result: { ok: true, value: hits },
      });
      await page.waitForFunction((n) => document.querySelectorAll('details.journey').length === n, hits.length);
      const shown = await page
        .locator('details.journey')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-journey-id')));
      assert.deepEqual([...shown].sort(), [...hits].sort());
      await page.close();
    });

    it('loads the chosen journeys of Compare, and only those', async () => {
      const { page } = await openPanel();
      await send(page, { type: 'journeys/report', report: compact });
      await page.click('vscode-panel-tab#tab-compare');
      await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'journeys/loadJourney'),
      );
      const ids = await asked(page);
      assert.ok(ids.length >= 1 && ids.length <= 2, `asked for ${ids.length} journeys`);
      for (const id of ids) await sendDetail(page, id, journeyDetail(report.journeys.find((x) => x.id === id)!));
      await page.locator('.strip-row .status-strip, .strip-row .day-strip').first().waitFor();
      assert.equal(await page.locator('.compare .journey-loading').count(), 0);
      assert.deepEqual((await asked(page)).sort(), [...ids].sort());
      await page.close();
    });
  });
});
