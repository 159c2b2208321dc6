// Desktop launcher for machines with internet: @vscode/test-electron downloads VS Code and runs the same suite.
// Not usable here (no network but the npm registry); selected with JOURNEY_LENS_TEST_HOST=electron.
import { runTests } from '@vscode/test-electron';

export interface ElectronRunOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  folder: string;
}

export async function runElectron(opts: ElectronRunOptions): Promise<number> {
  try {
    return await runTests({
      version: process.env.JOURNEY_LENS_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: opts.extensionDevelopmentPath,
      extensionTestsPath: opts.extensionTestsPath,
      launchArgs: [
        opts.folder,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    process.stderr.write(`VS Code (electron) test run failed: ${message}\n`);
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(message)) {
      process.stderr.write(
        'Downloading VS Code needs internet; without it, unset JOURNEY_LENS_TEST_HOST to use the offline code-server host.\n',
      );
    }
    return 1;
  }
}
