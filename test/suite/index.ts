// Runs inside the VS Code extension host (code-server offline, or @vscode/test-electron with internet):
// the workbench loads this bundle as extensionTestsPath and calls run(); a rejection means "tests failed".
// Test files are bundled next to this one (dist-test/suite/**/*.test.js) by test/workbench/buildSuite.ts.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // Output reaches the launcher's terminal through the workbench's log forwarding; it says whether that is a TTY.
    color: process.env.JOURNEY_LENS_TEST_COLOR !== '0',
    timeout: 60_000,
  });
  const grep = process.env.JOURNEY_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);

  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`No integration tests (*.test.js) found under ${__dirname}`);
  for (const f of files) mocha.addFile(join(__dirname, f));

  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((done) => mocha.run(done));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed.`);
}
