// Hostile event logs must stay inert in the event dashboard: HTML, script, Mermaid/markdown markup, javascript: URLs,
// right-to-left and zero-width characters and very long strings show as text, no script runs, the CSP holds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { HOSTILE, stepDetailsFor } from '../../../test-fixtures/events/reports/generate';
import {
  type Browser,
  chartsSettled,
  eventsFixture,
  FakeHost,
  launch,
  openEventsExport,
  type PageLog,
  PanelServer,
  watch,
} from './eventsBrowser';

const VIEWS = ['overview', 'funnel', 'friction', 'paths', 'retention', 'segments', 'customers'];

/** Nothing from the report became live markup: no handler attributes, script URLs, images, frames or foreign styles. */
async function assertInert(page: Page, log: PageLog): Promise<void> {
  assert.equal(
    await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
    undefined,
    'no injected code ran',
  );
  assert.deepEqual(log.dialogs, [], 'no alert, confirm or prompt');
  const found = await page.evaluate(() => {
    const app = document.getElementById('app')!;
    const all = [...app.querySelectorAll('*')];
    return {
      handlers: all.flatMap((e) =>
        [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.localName}[${a.name}]`),
      ),
      scriptUrls: all.flatMap((e) =>
        [...e.attributes]
          .filter(
            (a) =>
              /^(href|src|xlink:href|action|formaction|srcdoc)$/i.test(a.name) &&
              /^\s*(javascript|data):/i.test(a.value),
          )
          .map((a) => `${e.localName}[${a.name}]`),
      ),
      hrefs: [...app.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => !h.startsWith('#')),
      injected: app.querySelectorAll('img, iframe, object, embed, script, b, foreignObject').length,
      foreignStyles: [...document.querySelectorAll('style')].filter((s) =>
        s.textContent!.includes('body{display:none}'),
      ).length,
      bodyShown: getComputedStyle(document.body).display !== 'none',
    };
  });
  assert.deepEqual(found, { handlers: [], scriptUrls: [], hrefs: [], injected: 0, foreignStyles: 0, bodyShown: true });
  const scripts = await page
    .locator('script')
    .evaluateAll((ss) => ss.map((s) => `${s.getAttribute('type') ?? ''} ${(s.textContent ?? '').slice(0, 80)}`));
  assert.ok(
    scripts.every((s) => !s.includes('__pwned') || s.startsWith('application/json')),
    `scripts: ${scripts.join(' | ')}`,
  );
  assert.deepEqual(log.errors, []);
}

describe('event dashboard security in a browser', function () {
  let browser: Browser;
  const server = new PanelServer();
  const hostile = eventsFixture('hostile.json');

  before(async () => {
    await server.start();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server.stop();
  });

  it("shows a hostile log's strings as text on every view of an export and runs none of them", async () => {
    const { page, log } = await openEventsExport(browser, hostile, '#overview');
    assert.equal(await page.locator('.ev-header h1 .ev-text').innerText(), HOSTILE.script.split('/').pop());
    assert.equal(await page.locator('[data-problem-file]').first().getAttribute('data-problem-file'), HOSTILE.img);
    assert.equal(await page.locator('[data-section="segments"] [data-note]').innerText(), HOSTILE.closeScript);
    for (const view of VIEWS) {
      await page.click(`.ev-tabs [data-tab="${view}"]`);
      await page.waitForSelector(`.ev-tabpanel[data-view="${view}"] > .ev-view`);
      await chartsSettled(page);
      await assertInert(page, log);
      assert.equal(
        await page.locator('figure.ev-chart[data-state="error"]').count(),
        0,
        `${view}: charts draw hostile labels`,
      );
    }
    await page.click('.ev-tabs [data-tab="funnel"]');
    const names = await page
      .locator('[data-funnel-step] .ev-step-name')
      .evaluateAll((es) => es.map((e) => e.textContent));
    assert.deepEqual(
      names,
      [HOSTILE.img, HOSTILE.markdown, HOSTILE.long, HOSTILE.rtl],
      'whole, literal, RTL and zero-width characters kept',
    );
    assert.equal(await page.locator('[data-funnel-step="0"] code').textContent(), HOSTILE.script);
    assert.match(await page.locator('.ev-warnings').innerText(), /<svg onload=/);

    await page.click('.ev-tabs [data-tab="friction"]');
    assert.deepEqual(
      await page.locator('[data-friction]').evaluateAll((es) => es.map((e) => e.getAttribute('data-friction'))),
      hostile.friction!.map((f) => f.message),
    );
    assert.equal(await page.locator('[data-friction] td').first().textContent(), HOSTILE.script);

    await page.click('.ev-tabs [data-tab="paths"]');
    await chartsSettled(page);
    assert.equal(await page.locator('.ev-pages [data-page]').first().getAttribute('data-page'), HOSTILE.img);
    const flowText = await page.locator('svg.ev-flow').textContent();
    assert.ok(flowText!.includes('<img src=x'), 'flow labels are text');

    await page.click('.ev-tabs [data-tab="customers"]');
    assert.equal(await page.locator('[data-customer]').first().getAttribute('data-customer'), HOSTILE.script);
    await page.click('.ev-tabs [data-tab="segments"]');
    assert.equal(await page.locator('[data-segment="2"] td').nth(1).textContent(), HOSTILE.long);
    await page.close();
  });

  it('keeps a very long string from widening the page past the panel', async () => {
    const { page } = await openEventsExport(browser, hostile, '#funnel');
    await chartsSettled(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
    await page.close();
  });

  it('shows hostile events in a drill-down as text (panel page, fake host)', async () => {
    const page = await browser.newPage();
    const log = watch(page);
    const host = new FakeHost(page, {
      'events/stepDetails': ({ step, index }) => stepDetailsFor(step, index, 2, true),
    });
    await host.open(server.origin);
    await host.next((m) => m.type === 'events/ready');
    await host.send({ type: 'events/report', report: hostile });
    await host.send({ type: 'events/hostState', state: { canQuery: true, canSave: true, aiAvailable: false } });
    await host.send({ type: 'events/note', note: { view: 'details', text: HOSTILE.img, model: HOSTILE.script } });
    await host.send({ type: 'events/show', view: 'funnel' });
    await page.click('.ev-drop[data-drop-step="2"] button');
    await page.waitForSelector('.ev-events tbody tr');
    const cells = await page
      .locator('.ev-events tbody tr')
      .first()
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => td.textContent));
    assert.deepEqual(cells.slice(2, 6), [
      `${HOSTILE.script}${HOSTILE.jsUrl}`,
      HOSTILE.img,
      HOSTILE.mermaid,
      HOSTILE.long,
    ]);
    assert.match((await page.locator('.ev-events a.ev-source').first().textContent())!, /^<img src=x onerror=.*:\d+$/);
    await assertInert(page, log);
    await page.close();
  });

  for (const mode of ['export', 'panel'] as const) {
    it(`blocks an inline script and an inline event handler injected into the ${mode} page (CSP without the nonce)`, async () => {
      let page: Page;
      let log: PageLog;
      if (mode === 'export') {
        ({ page, log } = await openEventsExport(browser, hostile));
      } else {
        page = await browser.newPage();
        log = watch(page);
        const host = new FakeHost(page, {});
        await host.open(server.origin);
        await host.send({ type: 'events/report', report: hostile });
      }
      await page.waitForSelector('[data-card="sources"]');
      const violations = await page.evaluate(async () => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
        const s = document.createElement('script');
        s.textContent = 'window.__injected = "script"';
        document.body.appendChild(s);
        const div = document.createElement('div');
        div.innerHTML = '<img src="data:," onerror="window.__injected = \'handler\'">';
        document.body.appendChild(div);
        await new Promise((r) => setTimeout(r, 200));
        return seen;
      });
      assert.equal(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected), undefined);
      assert.ok(
        violations.some((d) => d.startsWith('script-src')),
        `violations: ${violations.join(', ')}`,
      );
      assert.ok(log.cspViolations.length >= 1);
      await page.close();
    });
  }

  it('writes an export whose only executable script carries the nonce, with the report escaped in its data block', async () => {
    const { page, file } = await openEventsExport(browser, hostile);
    const html = readFileSync(file, 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    const executable = [...html.matchAll(/<script([^>]*)>/g)]
      .map((m) => m[1])
      .filter((a) => !/type="(application\/json|text\/plain)"/.test(a));
    assert.deepEqual(executable, [` nonce="${nonce}"`]);
    assert.ok(
      !html.includes('<script>window.__pwned') && !html.includes('<img src=x'),
      'the report JSON cannot close its block or open markup',
    );
    await page.close();
  });
});
