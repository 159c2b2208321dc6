// The timeline's status legend as HTML chips (not a Mermaid subgraph), and long timelines kept inside their section.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { journeyTimeline, STATUS_STYLES } from '../../src/core/journeys/timeline';
import type { JourneyReport, Report, Status, Step } from '../../src/core/journeys/types';
import { type Browser, fixture, launch, openExport, section } from './webviewBrowser';

const STATUS_CYCLE: Status[] = ['non-converted', 'attempted_conversion', 'conversion_at_risk', 'converted', 'churned'];

/** A journey of `n` steps with a timeline drawn by the core, as the report builder does. */
function longJourney(base: JourneyReport, n: number, id: string): JourneyReport {
  const steps: Step[] = Array.from({ length: n }, (_, i) => ({
    ...base.steps[0],
    index: i + 1,
    label: `Long step ${i + 1} with a label of some length`,
    status: STATUS_CYCLE[i % STATUS_CYCLE.length],
    rawStatus: STATUS_CYCLE[i % STATUS_CYCLE.length],
    date: '2024-05-10',
  }));
  const timeline = journeyTimeline({ ...base, steps, recordings: 1, file: base.file } as never, { maxNodes: 60 });
  return {
    ...base,
    id,
    name: id,
    steps,
    timeline,
    metrics: { ...base.metrics, steps: n },
  };
}

describe('timeline status legend and width (exported HTML in Chromium)', function () {
  let browser: Browser;
  const report = fixture('small.json');

  before(async () => {
    browser = await launch({ width: 900 });
  });
  after(async () => {
    await browser?.close();
  });

  async function openJourney(r: Report, id: string): Promise<Page> {
    const { page, log } = await openExport(browser, r, '#journeys');
    await page.waitForSelector('details.journey');
    await page.fill('vscode-text-field.search input', id);
    await page.locator(section(id)).locator('summary').click();
    await page.locator(`${section(id)} .timeline svg`).waitFor({ timeout: 30_000 });
    assert.deepEqual(log.errors, []);
    return page;
  }

  it('shows the legend as one row of coloured chips above the timeline, with no legend inside the diagram', async () => {
    const j = report.journeys.find((x) => x.timeline && !x.steps.some((s) => s.status === 'unknown'))!;
    const r: Report = { ...report, journeys: [{ ...j, timeline: journeyTimeline(j as never, { maxNodes: 60 }) }] };
    const page = await openJourney(r, j.id);
    const legend = page.locator(`${section(j.id)} ul.status-legend`);
    const chips = legend.locator('li');
    assert.deepEqual(
      await chips.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-status'))),
      STATUS_STYLES.filter((s) => s.name !== 'unknown').map((s) => s.name),
      'every known status, in order; unknown only when a step has it',
    );
    // The swatch is the diagram's own fill for that status.
    const swatches = await chips.evaluateAll((lis) =>
      lis.map((li) => getComputedStyle(li.querySelector('.legend-swatch')!).backgroundColor),
    );
    const hex = (c: string) =>
      `#${(c.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map((v) => Number(v).toString(16).padStart(2, '0'))
        .join('')}`.toUpperCase();
    assert.deepEqual(
      swatches.map(hex),
      STATUS_STYLES.filter((s) => s.name !== 'unknown').map((s) => s.fill.toUpperCase()),
    );
    // One row: every chip on the same line, and the row sits above the diagram.
    const tops = await chips.evaluateAll((lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `chips on one line (tops ${tops.join(', ')})`);
    const [legendBox, timelineBox] = await Promise.all([
      legend.boundingBox(),
      page.locator(`${section(j.id)} .timeline`).boundingBox(),
    ]);
    assert.ok(legendBox!.y + legendBox!.height <= timelineBox!.y, 'legend above the timeline');
    assert.ok(legendBox!.height < 40, `legend is compact (${legendBox!.height}px high)`);
    const svgText = await page.locator(`${section(j.id)} .timeline svg`).innerHTML();
    assert.ok(!/id="[^"]*legend/i.test(svgText), 'no legend subgraph in the drawn diagram');
    await page.close();
  });

  it('adds an Unknown chip only when a step of the journey has an unknown status', async () => {
    const base = report.journeys.find((x) => x.timeline)!;
    const steps = base.steps.map((s, i) => (i === 0 ? { ...s, status: 'unknown' as Status } : s));
    const j = { ...base, steps, timeline: journeyTimeline({ ...base, steps } as never, { maxNodes: 60 }) };
    const page = await openJourney({ ...report, journeys: [j] }, j.id);
    const chip = page.locator(`${section(j.id)} ul.status-legend li[data-status="unknown"]`);
    assert.equal(await chip.innerText(), 'Unknown');
    await page.close();
  });

  it('keeps a long timeline inside its section: it scrolls sideways instead of widening the page', async () => {
    const j = longJourney(report.journeys[0], 150, 'long/journey-150.json');
    const page = await openJourney({ ...report, journeys: [j] }, j.id);
    const box = page.locator(`${section(j.id)} .timeline`);
    const m = await box.evaluate((el) => ({
      right: el.getBoundingClientRect().right,
      clientWidth: el.clientWidth,
      scrollWidth: el.scrollWidth,
      viewport: document.documentElement.clientWidth,
      pageScrollWidth: document.documentElement.scrollWidth,
    }));
    assert.ok(m.scrollWidth > m.clientWidth, `the diagram is wider than its box (${m.scrollWidth} > ${m.clientWidth})`);
    assert.ok(m.right <= m.viewport, `the box ends inside the window (${m.right} ≤ ${m.viewport})`);
    assert.ok(m.pageScrollWidth <= m.viewport, `the page itself does not scroll sideways (${m.pageScrollWidth})`);
    await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    assert.ok((await box.evaluate((el) => el.scrollLeft)) > 0, 'scrolls to the end of the journey');
    await page.close();
  });

  it('draws the legend once in Compare, above all the timelines', async () => {
    const { page, log } = await openExport(browser, report, '#compare');
    await page.locator('.compare-timelines .timeline svg').nth(1).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#view-compare ul.status-legend').count(), 1, 'one legend for every timeline');
    const [legendBox, firstTimeline] = await Promise.all([
      page.locator('#view-compare ul.status-legend').boundingBox(),
      page.locator('.compare-timelines').boundingBox(),
    ]);
    assert.ok(legendBox!.y + legendBox!.height <= firstTimeline!.y);
    const m = await page.evaluate(() => ({
      viewport: document.documentElement.clientWidth,
      pageScrollWidth: document.documentElement.scrollWidth,
    }));
    assert.ok(
      m.pageScrollWidth <= m.viewport,
      `Compare does not widen the page (${m.pageScrollWidth} > ${m.viewport})`,
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
