// `npm run test:integration`: bundles test/suite and runs it inside a real VS Code extension host.
// JOURNEY_LENS_TEST_HOST picks the host: `code-server` (default; offline, Node 24 + headless Chromium)
// or `electron` (@vscode/test-electron; needs internet to download VS Code).
import { rmSync } from 'node:fs';
import { buildSuite } from './buildSuite';
import { extensionUnderTest } from './extensionUnderTest';
import { defaultWorkspaceFolder } from './paths';
import { runElectron } from './runElectron';
import { runOffline } from './runOffline';

async function main(): Promise<number> {
  const host = process.env.JOURNEY_LENS_TEST_HOST ?? 'code-server';
  if (host !== 'code-server' && host !== 'electron') {
    throw new Error(`Unknown JOURNEY_LENS_TEST_HOST "${host}" (expected code-server or electron)`);
  }
  const suite = await buildSuite();
  try {
    const extensionDevelopmentPath = extensionUnderTest();
    const extensionTestsPath = suite.index;
    const folder = process.env.JOURNEY_LENS_TEST_FOLDER ?? defaultWorkspaceFolder();
    process.stdout.write(
      `Running integration tests in VS Code (${host}) on ${folder}\n  extension: ${extensionDevelopmentPath}\n`,
    );
    if (host === 'electron') return await runElectron({ extensionDevelopmentPath, extensionTestsPath, folder });
    const timeoutMs = Number(process.env.JOURNEY_LENS_TEST_TIMEOUT ?? 300) * 1000;
    return await runOffline({ extensionDevelopmentPath, extensionTestsPath, folder, timeoutMs });
  } finally {
    rmSync(suite.dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
