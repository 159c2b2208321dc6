// Debian's Chromium driven by playwright-core: headless, no network chatter, throwaway profile.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './paths';

export interface WorkbenchBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(opts: { width?: number; height?: number } = {}): Promise<WorkbenchBrowser> {
  const scratch = mkdtempSync(join(tmpdir(), 'journey-lens-chromium-'));
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: join(scratch, 'xdg-config'), XDG_CACHE_HOME: join(scratch, 'xdg-cache') },
    viewport: { width: opts.width ?? 1400, height: opts.height ?? 900 },
    // The workbench reads and writes the clipboard (copy paths, etc.); grant it so no permission prompt blocks a test.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
