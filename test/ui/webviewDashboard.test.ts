// The dashboard as exported by `journey-lens analyze --html`, opened from disk in real headless Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Report } from '../../src/core/journeys/types';
import { type Browser, choose, fixture, launch, openExport, section } from './webviewBrowser';

describe('dashboard in a browser (exported HTML)', function () {
  let browser: Browser;
  const report = fixture('small.json');
  const first = [...report.journeys].sort((a, b) => (b.prediction?.pUpgrade ?? -1) - (a.prediction?.pUpgrade ?? -1))[0];

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function journeysPage(r: Report = report): Promise<Page> {
    const { page, log } = await openExport(browser, r, '#journeys');
    await page.waitForSelector('details.journey');
    assert.deepEqual(log.errors, []);
    return page;
  }

  it('shows the classifier card with its method, scores, confusion matrix and the with-status column labelled as leaking', async () => {
    const { page, log } = await openExport(browser, report);
    const card = page.locator('[data-card="classifier"]');
    await card.waitFor();
    const text = await card.innerText();
    assert.match(text, /leave-one-out/);
    for (const metric of ['Accuracy', 'Precision', 'Recall', 'F1', 'AUC', 'Brier'])
      assert.match(text, new RegExp(metric));
    assert.match(text, /With status \(leaking\)/);
    assert.match(text, /shown for contrast only/);
    const cells = await card.locator('table.confusion td').allInnerTexts();
    assert.equal(
      cells.map(Number).reduce((a, b) => a + b, 0),
      report.model.evaluation!.n,
      'confusion matrix covers every labelled journey',
    );
    assert.equal(await card.locator('figure.chart svg path.chart-line').count(), 1, 'early-warning curve drawn');
    assert.equal(
      await page.locator('[data-card="cross-journey"] li.pattern').count(),
      report.crossJourney!.patterns.length,
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('expands and collapses a journey section with the mouse', async () => {
    const page = await journeysPage();
    const details = page.locator(section(first.id));
    assert.equal(await details.evaluate((d: HTMLDetailsElement) => d.open), false);
    await details.locator('summary').click();
    assert.equal(await details.evaluate((d: HTMLDetailsElement) => d.open), true);
    await details.locator('.step-row').first().waitFor();
    assert.equal(await details.locator('.step-row').count(), first.steps.length, 'one table row per step');
    assert.equal(await details.locator('.step-row').nth(0).locator('.step-label').innerText(), first.steps[0].label);
    await details.locator('summary').click();
    assert.equal(await details.evaluate((d: HTMLDetailsElement) => d.open), false);
    assert.equal(await details.locator('.journey-body').isVisible(), false, 'body hidden when collapsed');
    await page.close();
  });

  it('expands with Enter and collapses with Space on the focused summary', async () => {
    const page = await journeysPage();
    const details = page.locator(section(first.id));
    await details.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.equal(await details.evaluate((d: HTMLDetailsElement) => d.open), true);
    await page.keyboard.press('Space');
    assert.equal(await details.evaluate((d: HTMLDetailsElement) => d.open), false);
    await page.close();
  });

  it('loads Mermaid only when the first timeline is shown, then draws an svg with the status colours', async () => {
    const page = await journeysPage();
    assert.equal(
      await page.evaluate(() => 'journeyLensMermaid' in globalThis),
      false,
      'Mermaid not loaded at first paint',
    );
    const cancel = report.journeys.find((j) => j.outcome === 'cancel' && j.steps.some((s) => s.status === 'churned'))!;
    await page.fill('vscode-text-field.search input', cancel.name);
    const details = page.locator(section(cancel.id));
    await details.locator('summary').click();
    const svg = details.locator('.timeline svg');
    await svg.waitFor({ timeout: 90_000 }); // Mermaid is 5 MB: slow to load and run on a loaded 2-core machine
    const fills = await svg.evaluate((el) =>
      [...el.querySelectorAll('.node rect, .node path, .node polygon')].map((n) => getComputedStyle(n).fill),
    );
    assert.ok(fills.includes('rgb(86, 180, 233)'), `non-converted colour among ${[...new Set(fills)].join(' ')}`);
    assert.ok(fills.includes('rgb(213, 94, 0)'), 'churned colour');
    assert.ok(await svg.evaluate((el) => el.getBoundingClientRect().width > 100), 'drawn at a visible size');
    await page.close();
  });

  it('redraws an open timeline for the new theme when the body class changes', async () => {
    const page = await journeysPage();
    const details = page.locator(section(first.id));
    await details.locator('summary').click();
    const box = details.locator('.timeline');
    await box.locator('svg').waitFor({ timeout: 30_000 });
    assert.match((await box.getAttribute('data-rendered-key'))!, /^dark:/);
    await page.evaluate(() => {
      document.body.classList.replace('vscode-dark', 'vscode-light');
    });
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-rendered-key')?.startsWith('light:'),
      `${section(first.id)} .timeline`,
    );
    assert.equal(await box.locator('svg').count(), 1);
    await page.close();
  });

  it("shows a readable message instead of a blank box for a timeline over Mermaid's size limit or with bad syntax", async () => {
    const r: Report = structuredClone(report);
    r.journeys[0].timeline = `flowchart LR\n${Array.from({ length: 3000 }, (_, i) => `  n${i}["step ${i}"] --> n${i + 1}`).join('\n')}`;
    r.journeys[1].timeline = 'flowchart LR\n  A[[[ this is not mermaid';
    const page = await journeysPage(r);
    await choose(page, 'vscode-dropdown[data-filter="sort"]', 'Name');
    for (const [j, pattern] of [
      [r.journeys[0], /too large to draw/],
      [r.journeys[1], /could not be drawn/],
    ] as const) {
      await page.fill('vscode-text-field.search input', j.name);
      const details = page.locator(section(j.id));
      await details.locator('summary').click();
      const message = details.locator('.timeline .timeline-message');
      await message.waitFor({ timeout: 30_000 });
      assert.match(await message.innerText(), pattern);
    }
    await page.close();
  });

  it('filters by known outcome and by status, and searches step text', async () => {
    const page = await journeysPage();
    const ids = () =>
      page.locator('details.journey').evaluateAll((ds) => ds.map((d) => (d as HTMLElement).dataset.journeyId!));
    assert.equal((await ids()).length, report.journeys.length);

    await choose(page, 'vscode-dropdown[data-filter="outcome"]', 'Cancelled');
    await page.waitForFunction(
      (n) => document.querySelectorAll('details.journey').length === n,
      report.journeys.filter((j) => j.outcome === 'cancel').length,
    );
    for (const id of await ids()) assert.equal(report.journeys.find((j) => j.id === id)!.outcome, 'cancel');

    await choose(page, 'vscode-dropdown[data-filter="outcome"]', 'All outcomes');
    await choose(page, 'vscode-dropdown[data-filter="status"]', 'Has: Converted');
    const withConverted = report.journeys.filter((j) => j.steps.some((s) => s.status === 'converted'));
    await page.waitForFunction((n) => document.querySelectorAll('details.journey').length === n, withConverted.length);
    assert.deepEqual((await ids()).sort(), withConverted.map((j) => j.id).sort());

    await choose(page, 'vscode-dropdown[data-filter="status"]', 'Any status');
    await page.fill('vscode-text-field.search input', 'retention offer');
    const matching = report.journeys.filter((j) =>
      j.steps.some((s) => `${s.label}\n${s.details}`.toLowerCase().includes('retention offer')),
    );
    assert.ok(
      matching.length > 0 && matching.length < report.journeys.length,
      'fixture has some journeys with the phrase',
    );
    await page.waitForFunction((n) => document.querySelectorAll('details.journey').length === n, matching.length);
    assert.deepEqual((await ids()).sort(), matching.map((j) => j.id).sort());
    assert.match(
      await page.locator('.toolbar .count').innerText(),
      new RegExp(`of ${matching.length} \\(filtered from ${report.journeys.length}\\)`),
    );

    await page.fill('vscode-text-field.search input', 'no journey says this');
    await page.locator('.journey-list .empty').waitFor();
    await page.close();
  });

  it('sorts by length, longest first', async () => {
    const page = await journeysPage();
    await choose(page, 'vscode-dropdown[data-filter="sort"]', 'Longest');
    const longest = Math.max(...report.journeys.map((j) => j.steps.length));
    await page.waitForFunction(
      ([n, r]) =>
        (r as Report).journeys.find(
          (j) => j.id === document.querySelector<HTMLElement>('details.journey')?.dataset.journeyId,
        )?.steps.length === n,
      [longest, report] as const,
    );
    const lengths = await page
      .locator('details.journey')
      .evaluateAll(
        (ds, r) =>
          ds.map(
            (d) => (r as Report).journeys.find((j) => j.id === (d as HTMLElement).dataset.journeyId)!.steps.length,
          ),
        report,
      );
    assert.deepEqual(
      lengths,
      [...lengths].sort((a, b) => b - a),
    );
    assert.ok(lengths[0] > lengths[lengths.length - 1]);
    await page.close();
  });

  it('links an indicator example on the overview to that step in its open journey section', async () => {
    const { page } = await openExport(browser, report);
    const link = page.locator('[data-card="indicators-cancel"] a.step-link').first();
    const journeyId = (await link.getAttribute('data-journey-id'))!;
    const step = (await link.getAttribute('data-step-index'))!;
    await link.click();
    const row = page.locator(`${section(journeyId)}[open] .step-row.highlight`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-step-index'), step);
    await page.close();
  });

  it('compares two journeys with their status strips aligned step by step and their metrics in one table', async () => {
    const { page } = await openExport(browser, report, '#compare');
    await page.locator('.strip-row').first().waitFor();
    const rows = page.locator('.strips .strip-row');
    assert.equal(await rows.count(), 2, 'defaults to the most confident upgrade and cancellation');
    // Opened straight at this tab: the timelines wait for the Mermaid block further down the page.
    await page.locator('.compare-timelines .timeline svg').nth(1).waitFor({ timeout: 30_000 });
    const xOf = (row: number, step: number) =>
      rows
        .nth(row)
        .locator(`.strip-cell[data-step-index="${step}"]`)
        .evaluate((c) => c.getBoundingClientRect().left);
    for (const step of [1, 3, 5]) assert.equal(await xOf(0, step), await xOf(1, step), `step ${step} lines up`);
    const colours = await rows
      .nth(0)
      .locator('.strip-cell')
      .evaluateAll((cs) => cs.map((c) => getComputedStyle(c).backgroundColor));
    assert.ok(new Set(colours).size > 1, 'cells coloured by status');

    await page.fill('.picker vscode-text-field input', 'session');
    await page.locator('[data-add-journey]').first().click();
    await page.waitForFunction(() => document.querySelectorAll('.strips .strip-row').length === 3);
    const headers = await page
      .locator('.compare vscode-data-grid-row[row-type="header"] vscode-data-grid-cell')
      .allInnerTexts();
    assert.equal(headers.length, 4, 'metric column + three journeys');
    await page.locator('.compare-timelines .timeline svg').first().waitFor({ timeout: 30_000 });

    await choose(page, 'vscode-dropdown[data-compare-control="mode"]', 'Upgrades vs cancellations');
    await page.locator('.strip-row[data-outcome]').first().waitFor();
    await page.close();
  });

  it('keeps the tab, the search, and open sections across a reload', async () => {
    const page = await journeysPage();
    await page.fill('vscode-text-field.search input', first.name);
    await page.locator(section(first.id)).locator('summary').click();
    // State is saved after a short debounce.
    await page.waitForFunction(
      (id) => Object.values(localStorage).some((v) => v.includes(`"open":["${id}"]`) && v.includes('"tab":"journeys"')),
      first.id,
    );
    await page.goto(page.url().replace(/#.*$/, ''));
    await page.locator(`${section(first.id)}[open]`).waitFor();
    assert.equal(await page.locator('vscode-text-field.search input').inputValue(), first.name);
    assert.equal(await page.locator('vscode-panel-tab#tab-journeys').getAttribute('aria-selected'), 'true');
    await page.close();
  });

  it('paints a large report from its compact index first, then opens sections with their full steps', async () => {
    const big: Report = {
      ...report,
      journeys: Array.from({ length: 1500 }, (_, i) => ({
        ...report.journeys[i % report.journeys.length],
        id: `big/${i}.json`,
        name: `big-${String(i).padStart(4, '0')}`,
      })),
    };
    const { page, file, log } = await openExport(browser, big, '#journeys');
    assert.match(readFileSync(file, 'utf8'), /id="journey-lens-index"/);
    await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
    await choose(page, 'vscode-dropdown[data-filter="sort"]', 'Name');
    const j = big.journeys[0];
    await page.locator(section(j.id)).locator('summary').click();
    await page
      .locator(`${section(j.id)} .step-row`)
      .first()
      .waitFor();
    assert.equal(await page.locator(`${section(j.id)} .step-row`).count(), j.steps.length);
    assert.equal(
      await page
        .locator(`${section(j.id)} .step-label`)
        .first()
        .innerText(),
      j.steps[0].label,
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('pages a long list instead of drawing every journey', async () => {
    const big: Report = {
      ...report,
      journeys: Array.from({ length: 500 }, (_, i) => ({
        ...report.journeys[i % report.journeys.length],
        id: `many/${i}.json`,
        name: `many-${i}`,
      })),
    };
    const page = await journeysPage(big);
    assert.equal(await page.locator('details.journey').count(), 50);
    await page.locator('.pager vscode-button', { hasText: 'Next' }).click();
    await page.waitForFunction(() =>
      /51–100 of 500/.test(document.querySelector('.toolbar .count')?.textContent ?? ''),
    );
    await page.close();
  });
});
