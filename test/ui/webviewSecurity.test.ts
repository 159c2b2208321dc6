// Hostile recordings and injected markup must stay inert: text shows literally, no script runs, the CSP holds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HOSTILE } from '../../test-fixtures/reports/generate';
import { type Browser, fixture, launch, openExport, section } from './webviewBrowser';

describe('dashboard security in a browser', function () {
  let browser: Browser;
  const report = fixture('hostile.json');

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows HTML, script and Mermaid syntax from a recording as text and runs none of it', async () => {
    const { page, log } = await openExport(browser, report, '#journeys');
    await page.waitForSelector('details.journey');
    const evil = report.journeys.find((j) => j.steps[0].label === HOSTILE.img)!;
    const raw = report.journeys.find((j) => j.id === 'tampered/raw-timeline.json')!;
    for (const j of [evil, raw]) {
      await page.locator(section(j.id)).locator('summary').click();
      await page
        .locator(`${section(j.id)} .timeline[data-state]:not([data-state="pending"])`)
        .waitFor({ timeout: 30_000 });
    }
    // Click every node of the raw timeline: `click A call alert(1)` and a javascript: href must do nothing.
    for (const node of await page.locator(`${section(raw.id)} .timeline svg .node`).all())
      await node.click({ force: true });

    const labels = await page.locator(`${section(evil.id)} .step-label`).allInnerTexts();
    assert.deepEqual(labels.slice(0, 4), [HOSTILE.img, HOSTILE.script, HOSTILE.mermaidClick, HOSTILE.init]);
    assert.equal(await page.locator(`${section(evil.id)} .j-name`).innerText(), evil.name);
    assert.match(
      await page.locator(`${section(evil.id)} .analysis .summary`).innerText(),
      /<script>window\.__pwned="script"<\/script>/,
    );

    assert.equal(
      await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
      undefined,
      'no injected code ran',
    );
    assert.deepEqual(log.dialogs, [], 'no alert, confirm or prompt');
    assert.equal(await page.locator(`${section(evil.id)} img`).count(), 0, 'no <img> was created from recording text');
    // Mermaid (strict) may keep harmless HTML from a tampered, unescaped diagram, but never a handler.
    const imgs = await page.locator('img').evaluateAll((is) => is.map((i) => [...i.attributes].map((a) => a.name)));
    assert.ok(
      imgs.every((attrs) => attrs.every((a) => !a.startsWith('on'))),
      JSON.stringify(imgs),
    );
    const scripts = await page
      .locator('script')
      .evaluateAll((ss) => ss.map((s) => `${s.getAttribute('type') ?? ''} ${(s.textContent ?? '').slice(0, 60)}`));
    assert.ok(
      scripts.every((s) => !s.includes('__pwned') || s.startsWith('application/json')),
      `scripts: ${scripts.join(' | ')}`,
    );
    assert.equal(
      await page.locator(`${section(evil.id)} .timeline svg`).count(),
      1,
      'the escaped timeline still draws',
    );
    const rawText = await page.locator(`${section(raw.id)} .timeline`).innerText();
    assert.ok(!/loose/.test(rawText));
    assert.equal(
      await page.evaluate(
        () =>
          document.querySelectorAll('.timeline [onclick], .timeline [onerror], .timeline a[href^="javascript"]').length,
      ),
      0,
    );
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it("keeps a %%{init}%% directive from lowering Mermaid's security level", async () => {
    const { page } = await openExport(browser, report, '#journeys');
    const raw = report.journeys.find((j) => j.id === 'tampered/raw-timeline.json')!;
    await page.locator(section(raw.id)).locator('summary').click();
    await page
      .locator(`${section(raw.id)} .timeline[data-state]:not([data-state="pending"])`)
      .waitFor({ timeout: 30_000 });
    const level = await page.evaluate(
      () =>
        (
          globalThis as unknown as { journeyLensMermaid: { mermaidAPI: { getConfig(): { securityLevel: string } } } }
        ).journeyLensMermaid.mermaidAPI.getConfig().securityLevel,
    );
    assert.equal(level, 'strict');
    await page.close();
  });

  it('blocks an inline script and an inline event handler injected into the page (CSP without the nonce)', async () => {
    const { page, log } = await openExport(browser, report);
    await page.waitForSelector('[data-card="classifier"]');
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

  it('writes an export whose only executable script carries the page nonce and whose CSP has no unsafe-eval', async () => {
    const { page, file } = await openExport(browser, report);
    const html = readFileSync(file, 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    const executable = scripts.filter((a) => !/type="(application\/json|text\/plain)"/.test(a));
    assert.deepEqual(executable, [` nonce="${nonce}"`]);
    assert.ok(
      !html.includes('<script>window') && !html.includes('<img src=x'),
      'the report JSON is escaped inside its data block',
    );
    await page.close();
  });
});
