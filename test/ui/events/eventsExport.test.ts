// The event dashboard as exported by `journey-lens events PATH --html FILE`, opened from disk in real headless
// Chromium: every view's test hooks carry the fixture's numbers in each theme; the page works without a host.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { EventsReport } from '../../../src/core/events/types';
import { writeEventsDashboardHtml } from '../../../src/node/events/exportHtml';
import {
  type Browser,
  chartsSettled,
  eventsFixture,
  launch,
  openEventsExport,
  setTheme,
  type Theme,
  THEMES,
} from './eventsBrowser';

const BACKGROUND: Record<Theme, string> = {
  light: 'rgb(255, 255, 255)',
  dark: 'rgb(31, 31, 31)',
  'high-contrast': 'rgb(0, 0, 0)',
};

async function showView(page: Page, view: string): Promise<void> {
  await page.click(`.ev-tabs [data-tab="${view}"]`);
  await page.waitForSelector(`.ev-tabpanel[data-view="${view}"] > .ev-view`);
}

const attrs = (page: Page, selector: string, names: string[]) =>
  page.locator(selector).evaluateAll((els, ns) => els.map((e) => ns.map((n) => e.getAttribute(n))), names);

describe('event dashboard in a browser (exported HTML)', function () {
  let browser: Browser;
  const shop = eventsFixture('shop.json');

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const theme of THEMES) {
    it(`renders every view's hooks with the fixture's numbers, and its charts, in the ${theme} theme`, async () => {
      const { page, log } = await openEventsExport(browser, shop, '#overview');
      await setTheme(page, theme);
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
        BACKGROUND[theme],
        "the theme's colours apply",
      );
      const foreground = await page.evaluate(() => getComputedStyle(document.body).color);

      assert.deepEqual(
        await attrs(page, '[data-source]', ['data-source']),
        shop.sources.map((s) => [s.file]),
      );
      assert.equal(await page.locator('.ev-problem').count(), shop.problems.length);
      assert.equal(await page.locator('[data-units="users"]').getAttribute('data-value'), String(shop.units.users));

      await showView(page, 'funnel');
      const f = shop.funnel!;
      assert.deepEqual(
        await attrs(page, '[data-funnel-step]', ['data-funnel-step', 'data-count']),
        f.steps.map((s, i) => [String(i), String(s.count)]),
      );
      const widths = await page.locator('.ev-bar').evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().width));
      assert.ok(
        Math.abs(widths[3] / widths[0] - f.steps[3].count / f.steps[0].count) < 0.01,
        `bars proportional to counts: ${widths.join(', ')}`,
      );
      assert.deepEqual(
        await attrs(page, '.ev-drop', ['data-drop-step', 'data-dropped']),
        f.steps.slice(1).map((s, i) => [String(i + 2), String(s.dropped)]),
      );
      assert.deepEqual(
        await attrs(page, '.ev-breakdown [data-group]', ['data-group']),
        f.breakdown!.groups.map((g) => [g.value]),
      );
      assert.equal(
        await page.locator('.ev-breakdown [data-group="trial"] [data-group-step="3"]').getAttribute('data-count'),
        String(f.breakdown!.groups[2].steps[3].count),
      );
      await chartsSettled(page);
      assert.equal(
        (await page.locator('[data-card="funnel-breakdown"] figure[data-state="drawn"] svg').count()) >= 1,
        true,
        'one series per group drawn',
      );
      assert.match(await page.locator('[data-note-source="rules"]').innerText(), /Rule-based note/i);

      await showView(page, 'friction');
      assert.deepEqual(
        await attrs(page, '[data-friction]', ['data-friction', 'data-sessions']),
        shop.friction!.map((r) => [r.message, String(r.sessions)]),
      );

      await showView(page, 'paths');
      const byImportance = [...shop.paths!.pages].sort((a, b) => b.importance - a.importance);
      assert.deepEqual(
        await attrs(page, '.ev-pages [data-page]', ['data-page', 'data-importance']),
        byImportance.map((p) => [p.page, String(p.importance)]),
      );
      assert.deepEqual(
        (await attrs(page, '.ev-group-pages tbody tr:first-child [data-group]', ['data-group'])).flat(),
        shop.paths!.byGroup!.groups.map((g) => g.value),
        'groups side by side',
      );
      assert.ok((await page.locator('svg.ev-flow path.ev-flow-link').count()) >= 3, 'the flow is drawn');
      assert.equal(
        await page
          .locator('.ev-flow-table [data-step="1"][data-from="/home"][data-to="/products"]')
          .getAttribute('data-count'),
        '1800',
      );
      assert.equal(await page.locator('[data-length="median"] dd').innerText(), String(shop.paths!.length.median));

      await showView(page, 'retention');
      const cells = shop.retention!.cohorts.flatMap((c) => c.retained.map((s, m) => [c.cohort, String(m), String(s)]));
      assert.deepEqual(
        await attrs(page, '[data-cohort][data-period]', ['data-cohort', 'data-period', 'data-share']),
        cells,
      );

      await showView(page, 'segments');
      assert.deepEqual(
        await attrs(page, '[data-segment]', ['data-segment', 'data-size']),
        shop.segments!.clusters.map((c) => [String(c.id), String(c.size)]),
      );
      await chartsSettled(page);
      assert.equal(
        await page.locator('[data-card="segments-scatter"] svg circle').count(),
        shop.segments!.points!.length,
        'one dot per sampled user',
      );

      await showView(page, 'customers');
      assert.deepEqual(
        await attrs(page, '[data-customer]', ['data-customer', 'data-ltv']),
        shop.ltv!.top.map((c) => [c.customer, String(c.ltv)]),
      );
      await chartsSettled(page);
      const chartColour = await page
        .locator('[data-card="customers"] figure svg')
        .first()
        .evaluate((s) => getComputedStyle(s).color);
      assert.equal(chartColour, foreground, "the chart takes the theme's text colour");

      assert.deepEqual(log.errors, []);
      assert.deepEqual(await page.locator('figure.ev-chart[data-state="error"]').count(), 0);
      await page.close();
    });
  }

  it("redraws a chart in the new theme's colours when VS Code's theme (the body class) changes", async () => {
    const { page } = await openEventsExport(browser, shop, '#customers');
    await setTheme(page, 'dark');
    await chartsSettled(page);
    const bar = () => page.locator('[data-card="customers"] figure svg g[aria-label="bar"]').getAttribute('fill');
    assert.equal(await bar(), '#3794ff');
    await setTheme(page, 'light');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-card="customers"] figure svg g[aria-label="bar"]')?.getAttribute('fill') ===
        '#1a85ff',
    );
    await page.close();
  });

  it('loads the Plot bundle only when the first chart is shown', async () => {
    const { page } = await openEventsExport(browser, shop, '#overview');
    assert.equal(await page.evaluate(() => 'journeyLensPlot' in globalThis), false, 'not loaded for the overview');
    await showView(page, 'retention');
    await chartsSettled(page);
    assert.equal(await page.evaluate(() => 'journeyLensPlot' in globalThis), true);
    await page.close();
  });

  it('opens at the view named in the address and keeps tab order for the arrow keys', async () => {
    const { page } = await openEventsExport(browser, shop, '#segments');
    assert.equal(await page.locator('.ev-tabs [aria-selected="true"]').getAttribute('data-tab'), 'segments');
    await page.locator('.ev-tabs [data-tab="segments"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.ev-tabpanel[data-view="customers"]');
    assert.ok(page.url().endsWith('#customers'));
    await page.close();
  });

  it('shows the funnel editor read-only in an export, with the command line that recomputes the same funnel', async () => {
    const { page } = await openEventsExport(browser, shop, '#funnel');
    const editor = page.locator('[data-card="funnel-editor"]');
    assert.equal(await editor.getAttribute('data-readonly'), 'true');
    assert.match(await editor.locator('[data-readonly-note]').innerText(), /needs VS Code .* or the command line/);
    assert.match(
      await editor.locator('[data-readonly-note] code').innerText(),
      /--funnel 'session_start > Viewed product: product_view > Added to cart: event=add_to_cart & category!=gift > purchase' --unit user --order sequential --window 7d --by 'segment'/,
    );
    assert.equal(
      await editor.locator('[data-recompute], [data-add-step]').count(),
      0,
      'no recompute or add in an export',
    );
    const inputs = await editor
      .locator('input, select')
      .evaluateAll((es) => es.map((e) => (e as HTMLInputElement).disabled));
    assert.ok(inputs.length > 5 && inputs.every(Boolean), 'every field disabled');
    assert.equal(await editor.locator('.ev-edit-step').count(), shop.funnel!.steps.length);
    await page.close();
  });

  it('answers a drop-off click in an export with the dropped sample, since events need the engine', async () => {
    const { page } = await openEventsExport(browser, shop, '#funnel');
    await page.click('.ev-drop[data-drop-step="3"] button');
    await page.waitForSelector('.ev-tabpanel[data-view="details"] [data-card="details"]');
    assert.match(await page.locator('[data-card="details"] h2').innerText(), /Viewed product.*Added to cart/);
    assert.deepEqual(
      (await attrs(page, '[data-dropped-id]', ['data-dropped-id'])).flat(),
      shop.funnel!.steps[2].droppedSample,
    );
    await page.close();
  });

  it('says why a section is missing (page sequences: no retention, LTV or segments) instead of an empty view', async () => {
    const pages = eventsFixture('pages.json');
    const { page, log } = await openEventsExport(browser, pages, '#overview');
    for (const s of ['retention', 'segments', 'ltv', 'friction'] as const) {
      assert.equal(await page.locator(`[data-section="${s}"]`).getAttribute('data-present'), 'false');
      assert.equal(await page.locator(`[data-section="${s}"] [data-note]`).innerText(), pages.notes[s]);
    }
    assert.ok((await page.locator('.ev-tabs [data-tab="retention"]').getAttribute('class'))!.includes('missing'));
    await showView(page, 'retention');
    assert.equal(await page.locator('[data-missing="retention"] [data-note]').innerText(), pages.notes.retention);
    await showView(page, 'funnel');
    assert.ok(await page.locator('.ev-chip', { hasText: 'suggested' }).isVisible(), 'a suggested funnel says so');
    assert.match(await page.locator('.ev-warnings').innerText(), /matched few events/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('writes the export atomically: over an earlier file, leaving no temporary file behind', async () => {
    const file = join(browser.dir, 'atomic', 'events.html');
    await writeEventsDashboardHtml(shop, file);
    writeFileSync(file, 'old');
    await writeEventsDashboardHtml({ ...shop, root: '/data/second' } as EventsReport, file);
    const html = readFileSync(file, 'utf8');
    assert.match(html, /\/data\/second/);
    assert.deepEqual(readdirSync(join(browser.dir, 'atomic')), ['events.html']);
    await assert.rejects(writeEventsDashboardHtml(shop, file, { webviewDist: join(browser.dir, 'no-such-dist') }));
    assert.equal(readFileSync(file, 'utf8'), html, 'a failed write leaves the earlier file as it was');
    assert.ok(existsSync(file));
  });
});
