// A real user's first minute: the workbench loads in a browser, the extension is there, its commands are in F1.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openWorkbench, type Workbench } from '../workbench/ui';
import { REPO_ROOT } from '../workbench/paths';

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes?: { commands?: CommandContribution[] };
};
const paletteTitle = (c: CommandContribution) => (c.category ? `${c.category}: ${c.title}` : c.title);

describe('Workbench smoke (code-server + Chromium)', () => {
  let wb: Workbench;

  before(async () => {
    wb = await openWorkbench();
  });

  after(async () => {
    await wb?.close();
  });

  it('loads the workbench with the sample folder in the Explorer and the Journey Lens view in the activity bar', async () => {
    const title = await wb.page.title();
    assert.ok(title.startsWith(basename(wb.folder)), `window title "${title}" does not name the folder ${wb.folder}`);
    assert.ok(
      (await wb.page.locator('.explorer-folders-view .monaco-list-row').count()) > 0,
      'the Explorer lists no files',
    );
    await wb.page.locator('.activitybar a.action-label[aria-label^="Journey Lens"]').waitFor();
  });

  it('lists "Journey Lens: Classify Journey" in the F1 command palette', async () => {
    const classify = manifest.contributes?.commands?.find((c) => c.command === 'journeyLens.classifyJourney');
    assert.ok(classify, 'package.json contributes no journeyLens.classifyJourney command');
    const listed = await wb.paletteCommands('Journey Lens');
    assert.ok(
      listed.some((l) => l.startsWith(paletteTitle(classify))),
      `"${paletteTitle(classify)}" not in the palette, which lists: ${JSON.stringify(listed)}`,
    );
    await wb.page.keyboard.press('F1');
    await wb.page.keyboard.type('Journey Lens');
    await wb.page.locator('.quick-input-widget .monaco-list-row').first().waitFor();
    await wb.screenshot('command-palette');
    await wb.page.keyboard.press('Escape');
  });
});
