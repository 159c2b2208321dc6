// The step table of a very long journey holds only the rows in view (windowed), so it opens without blocking.
import assert from 'node:assert/strict';
import type { JourneyReport, Report, Status, Step } from '../../src/core/journeys/types';
import { type Browser, fixture, launch, openExport, section } from './webviewBrowser';

const STEPS = 200_000;
const STATUS_CYCLE: Status[] = ['non-converted', 'attempted_conversion', 'conversion_at_risk', 'converted', 'churned'];

function hugeJourney(base: JourneyReport): JourneyReport {
  const steps: Step[] = Array.from({ length: STEPS }, (_, i) => ({
    index: i + 1,
    label: `Step ${i + 1}`,
    status: STATUS_CYCLE[i % STATUS_CYCLE.length],
    rawStatus: STATUS_CYCLE[i % STATUS_CYCLE.length],
    date: '2024-05-10',
    startMs: i * 1000,
    endMs: i * 1000 + 900,
    startClock: '00:00.0',
    endClock: '00:00.9',
    details: i % 2 ? `Details of step ${i + 1}` : '',
    recordingId: 'r1',
    sourcePath: [],
  }));
  return {
    ...base,
    id: 'huge/journey.json',
    name: 'huge-journey',
    steps,
    // No timeline: Mermaid's drawing of the (capped, 60-node) diagram takes a second or more on its own on a loaded
    // machine and would swamp the figure; the timeline of a long journey is tested in webviewTimelineLegend.test.ts.
    timeline: '',
    metrics: { ...base.metrics, steps: STEPS },
    analysis: undefined,
  };
}

describe('windowed step table (exported HTML in Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  const report = fixture('small.json');
  const huge = hugeJourney(report.journeys[0]);
  const r: Report = { ...report, journeys: [huge, ...report.journeys.slice(1)] };

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it(`opens a ${STEPS.toLocaleString('en')}-step journey with at most a few hundred rows in the page, and scrolling shows later steps`, async () => {
    const { page, log } = await openExport(browser, r, '#journeys');
    await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    await page.fill('vscode-text-field.search input', huge.name);
    const details = page.locator(section(huge.id));
    await details.waitFor();
    // The longest task while the section opens: what a user would feel as a frozen page.
    await page.evaluate(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
    });
    const started = Date.now();
    await details.locator('summary').click();
    await details.locator('.step-window .step-row').first().waitFor({ timeout: 90_000 });
    const openedMs = Date.now() - started;
    const longest = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
    console.log(
      `      ${STEPS.toLocaleString('en')}-step journey: first rows ${openedMs} ms after the click; longest task ${longest.toFixed(0)} ms`,
    );

    const rows = details.locator('.step-window .step-row');
    const count = await rows.count();
    assert.ok(count > 0 && count <= 300, `rows in the page: ${count}`);
    assert.equal(await rows.first().getAttribute('data-step-index'), '1');
    assert.equal(await details.locator('.step-window').getAttribute('aria-rowcount'), String(STEPS + 1));

    const box = details.locator('.step-window');
    // Scrolled again until the row shows: under load, a scroll set before the window's height settles can land short
    // (seen once in CI at load 3); what is asserted is that the bottom of the window shows the last step.
    await page.waitForFunction(
      ([sel, idx]) => {
        const el = document.querySelector(sel);
        if (!el) return false;
        el.scrollTop = el.scrollHeight;
        return el.querySelector(`.step-row[data-step-index="${idx}"]`) !== null;
      },
      [`${section(huge.id)} .step-window`, String(STEPS)] as const,
      { polling: 250, timeout: 30_000 },
    );
    const last = details.locator(`.step-window .step-row[data-step-index="${STEPS}"]`);
    await last.waitFor();
    assert.match(await last.innerText(), new RegExp(`Step ${STEPS}`));
    assert.ok((await rows.count()) <= 300, 'still only the rows in view after scrolling');

    await box.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.waitForFunction(
      ([sel, most]) => Number(document.querySelector(sel)?.getAttribute('data-step-index')) < most,
      [`${section(huge.id)} .step-window .step-row`, STEPS * 0.6] as const,
    );
    const middle = Number(await rows.first().getAttribute('data-step-index'));
    assert.ok(middle > STEPS * 0.4 && middle < STEPS * 0.6, `halfway down shows steps near the middle (${middle})`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('scrolls the window to a step revealed from elsewhere (an indicator example) and highlights its row', async () => {
    const target = 150_000;
    const withLink: Report = { ...structuredClone({ ...r, journeys: [] }), journeys: r.journeys };
    // The overview's cancel indicators (from the cancel profile, or the model's when there is none) link to it.
    const example = { journeyId: huge.id, stepIndex: target, label: `Step ${target}` };
    for (const list of [withLink.profiles.cancel?.indicators ?? [], withLink.model.indicators])
      for (const i of list) if (i.direction === 'cancel') i.examples = [example];
    const { page, log } = await openExport(browser, withLink);
    await page.locator(`[data-card="indicators-cancel"] a.step-link[data-step-index="${target}"]`).first().click();
    const row = page.locator(`${section(huge.id)}[open] .step-window .step-row.highlight`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-step-index'), String(target));
    assert.ok(await row.isVisible(), 'the revealed row is in view');
    assert.ok((await page.locator(`${section(huge.id)} .step-row`).count()) <= 300);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('keeps the plain data grid with every row for a journey of ordinary length', async () => {
    const j = report.journeys[1];
    const { page } = await openExport(browser, r, '#journeys');
    await page.fill('vscode-text-field.search input', j.name);
    await page.locator(section(j.id)).locator('summary').click();
    await page
      .locator(`${section(j.id)} vscode-data-grid .step-row`)
      .first()
      .waitFor();
    assert.equal(await page.locator(`${section(j.id)} .step-row`).count(), j.steps.length);
    assert.equal(await page.locator(`${section(j.id)} .step-window`).count(), 0);
    await page.close();
  });
});
