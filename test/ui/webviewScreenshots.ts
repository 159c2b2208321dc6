// Screenshots of the dashboard for the README (media/screenshots/dashboard-*.png), dark and light, from the exported
// HTML of the small fixture report in headless Chromium. Run: npm run screenshots:webview
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type Browser, fixture, launch, openExport, section } from './webviewBrowser';

const OUT = resolve(__dirname, '../../media/screenshots');

async function shoot(b: Browser, theme: 'dark' | 'light'): Promise<string[]> {
  const report = fixture('small.json');
  const written: string[] = [];
  const save = async (page: Page, name: string, fullPage = false) => {
    const file = join(OUT, `dashboard-${name}-${theme}.png`);
    await page.screenshot({ path: file, fullPage });
    written.push(file);
  };
  const themed = async (hash: string) => {
    const { page } = await openExport(b, report, hash);
    await page.evaluate((t) => {
      document.body.classList.remove('vscode-dark', 'vscode-light');
      document.body.classList.add(`vscode-${t}`);
    }, theme);
    return page;
  };

  const overview = await themed('');
  await overview.locator('[data-card="classifier"] svg').waitFor();
  await save(overview, 'overview');
  await overview.close();

  // An open journey whose AI analysis disagrees with the classifier: the richest section.
  const j = report.journeys.find((x) => x.analysis?.source === 'ai') ?? report.journeys[0];
  const journeys = await themed('#journeys');
  await journeys.locator(section(j.id)).locator('summary').click();
  await journeys.locator(`${section(j.id)} .timeline svg`).waitFor({ timeout: 30_000 });
  await journeys.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    scrollTo(0, el.getBoundingClientRect().top + scrollY - 8);
  }, section(j.id));
  await save(journeys, 'journey');
  await journeys.evaluate(
    (sel) => document.querySelector(sel)!.scrollIntoView({ block: 'start' }),
    `${section(j.id)} .analysis`,
  );
  await save(journeys, 'analysis');
  await journeys.close();

  const compare = await themed('#compare');
  await compare.locator('.compare-timelines .timeline svg').first().waitFor({ timeout: 30_000 });
  await compare.locator('.compare-timelines .timeline svg').last().waitFor({ timeout: 30_000 });
  await save(compare, 'compare', true);
  await compare.close();
  return written;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  for (const theme of ['dark', 'light'] as const) {
    const b = await launch({ colorScheme: theme, width: 1280, height: 860 });
    try {
      for (const f of await shoot(b, theme)) console.log(f);
    } finally {
      await b.close();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
