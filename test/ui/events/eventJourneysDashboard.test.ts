// The events report's `journeys` section is the recordings' Report: the recordings dashboard (exported HTML, real
// headless Chromium) shows it unchanged — the classifier card, the journey sections, their steps and timelines.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../../bench/events/generate';
import { computeJourneys } from '../../../src/core/events/journeys/journeysSection';
import { eventsDefaults } from '../../../src/core/events/options';
import type { EventJourneysReport } from '../../../src/core/events/types';
import { ingest } from '../../../src/core/events/ingest/ingest';
import { openDuckDb } from '../../../src/node/events/duckdbEngine';
import { findEventFiles } from '../../../src/node/events/eventFiles';
import { type Browser, launch, openExport, section, showTab } from '../webviewBrowser';

/** A small shop: sessions that browse, some put something in the cart, some of those buy, every one ends. */
function shopLog(sessions: number): string {
  const rnd = mulberry32(5);
  const rows: string[] = [];
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  for (let s = 0; s < sessions; s++) {
    let t = Date.UTC(2025, 0, 1) + s * 3_600_000;
    const row = (event: string, category = '') => {
      rows.push(`u${s % 20},s${String(s).padStart(3, '0')},${event},${iso(t)},${category}`);
      t += 5000 + Math.floor(rnd() * 90_000);
    };
    row('session_start');
    for (let i = 0, n = 1 + Math.floor(rnd() * 4); i < n; i++) row('product_view', rnd() < 0.5 ? 'books' : 'audio');
    if (rnd() < 0.5) {
      row('add_to_cart');
      if (rnd() < 0.6) row('purchase');
    }
    row('session_end');
  }
  return `user_id,session_id,event,timestamp,category\n${rows.join('\n')}\n`;
}

describe('event-log journeys in the recordings dashboard (exported HTML)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let report: EventJourneysReport;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jl-evj-ui-'));
    await writeFile(path.join(dir, 'events.csv'), shopLog(120));
    const engine = await openDuckDb();
    try {
      const { files } = await findEventFiles(path.join(dir, 'events.csv'));
      const { info } = await ingest(engine, files, eventsDefaults());
      const options = eventsDefaults({ outcome: 'purchase', unit: 'session', journeySample: 30 });
      report = (await computeJourneys(engine, info, options, dir)).value!;
    } finally {
      await engine.close();
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the classifier card with the cross-validated scores and the early-warning curve', async () => {
    assert.ok(report.model.evaluation, report.model.note);
    const { page, log } = await openExport(browser, report);
    const card = page.locator('[data-card="classifier"]');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /stratified/i);
    for (const metric of ['Accuracy', 'AUC']) assert.match(text, new RegExp(metric));
    const cells = await card.locator('table.confusion td').allInnerTexts();
    assert.equal(
      cells.map(Number).reduce((a, b) => a + b, 0),
      report.model.evaluation!.n,
    );
    assert.equal(await card.locator('figure.chart svg path.chart-line').count(), 1, 'early-warning curve drawn');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('lists the sampled sessions in the Journeys tab; one opens to its event steps and a drawn timeline', async () => {
    const { page, log } = await openExport(browser, report, '#journeys');
    await page.waitForSelector('details.journey');
    assert.equal(await page.locator('details.journey').count(), report.journeys.length);
    const bought = report.journeys.find((j) => j.outcome === 'upgrade' && j.steps.length >= 3)!;
    await page.fill('vscode-text-field.search input', bought.name);
    const details = page.locator(section(bought.id));
    await details.locator('summary').click();
    await details.locator('.step-row').first().waitFor();
    assert.equal(await details.locator('.step-row').count(), bought.steps.length);
    const labels = await details.locator('.step-row .step-label').allInnerTexts();
    assert.deepEqual(
      labels,
      bought.steps.map((s) => s.label),
    );
    assert.ok(!labels.includes('purchase') && !labels.includes('session_end'), labels.join());
    const svg = details.locator('.timeline svg');
    await svg.waitFor({ timeout: 30_000 });
    assert.ok(await svg.evaluate((el) => el.querySelectorAll('.node').length >= 2), 'timeline nodes drawn');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  // The schema's classes are upgrade / cancel; an event log's report names them from its outcome, and every tab says so.
  it('names the classes from the outcome ("purchase" / "no purchase") on Overview, Journeys and Compare, never "upgrade"', async () => {
    assert.deepEqual([report.outcomes.upgrade, report.outcomes.cancel], ['purchase', 'no purchase']);
    for (const tab of ['overview', 'journeys', 'compare'] as const) {
      const { page, log } = await openExport(browser, report);
      await showTab(page, tab);
      if (tab === 'journeys') {
        const first = page.locator('details.journey').first();
        await first.locator('summary').click();
        await first.locator('.step-row').first().waitFor();
      }
      const text = await page.locator(`vscode-panel-view#view-${tab}`).innerText();
      assert.match(text, /purchase/i, tab);
      assert.match(text, /no purchase/i, tab);
      assert.doesNotMatch(text, /upgrade/i, `${tab}: ${text.match(/.{0,60}upgrade.{0,60}/gi)?.join(' | ')}`);
      assert.deepEqual(log.errors, []);
      await page.close();
    }
  });
});
