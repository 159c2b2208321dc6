// An exported dashboard opened from a link someone typed or mangled: a malformed fragment must never stop the page.
// Real headless Chromium, the real exported HTML from disk.
import assert from 'node:assert/strict';
import { type Browser, fixture, launch, openExport, section } from './webviewBrowser';
import { eventsFixture, openEventsExport } from './events/eventsBrowser';

describe('dashboard address fragments (exported HTML)', function () {
  let browser: Browser;
  const report = fixture('small.json');

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const hash of ['#journey=%', '#journey=%E0%A4%A', '#%']) {
    it(`starts on ${hash} (a malformed percent escape) instead of failing with "URI malformed"`, async () => {
      const { page, log } = await openExport(browser, report, hash);
      assert.deepEqual(log.errors, []);
      const body = await page.locator('body').innerText();
      assert.doesNotMatch(body, /could not start/);
      assert.ok((await page.locator('vscode-panel-tab').count()) > 0, 'the tabs are there');
      await page.close();
    });
  }

  it('still reveals a journey named by a well-formed #journey=<id>', async () => {
    const id = report.journeys[report.journeys.length - 1].id;
    const { page, log } = await openExport(browser, report, `#journey=${encodeURIComponent(id)}`);
    await page.waitForSelector(`${section(id)}[open]`);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('starts the event dashboard on #% as well', async () => {
    const { page, log } = await openEventsExport(browser, eventsFixture('shop.json'), '#%');
    assert.deepEqual(log.errors, []);
    assert.doesNotMatch(await page.locator('body').innerText(), /could not start/);
    await page.close();
  });
});
