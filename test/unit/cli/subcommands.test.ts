import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SUBCOMMANDS } from '../../../src/cli/main';
import { REPO_ROOT } from '../../support/paths';

// The built bundle, as a user runs it: `--help` and the dispatch both come from the one subcommand table.
const cli = path.join(REPO_ROOT, 'dist/cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: REPO_ROOT });

describe('journey-lens subcommand table', () => {
  it('lists every subcommand in --help, with its usage line and summary', () => {
    const res = run(['--help']);
    assert.equal(res.status, 0, res.stderr);
    for (const c of SUBCOMMANDS) {
      assert.ok(res.stdout.includes(c.usage.split('\n', 1)[0].replace(/^Usage: /, '')), `${c.name} usage line`);
      const line = res.stdout.split('\n').find((l) => l.trim().startsWith(`${c.name} `));
      assert.equal(line?.trim().replace(/ +/, ' '), `${c.name} ${c.summary}`);
    }
  });

  it("dispatches NAME --help to that subcommand's own usage", () => {
    for (const c of SUBCOMMANDS) {
      assert.ok(c.usage.startsWith(`Usage: journey-lens ${c.name} `), c.name);
      const res = run([c.name, '--help']);
      assert.equal(res.status, 0, res.stderr);
      assert.equal(res.stdout, `${c.usage}\n`);
    }
  });

  it('exits 2 and shows the table on an unknown or missing command', () => {
    for (const args of [['frobnicate'], []]) {
      const res = run(args);
      assert.equal(res.status, 2);
      for (const c of SUBCOMMANDS) assert.match(res.stderr, new RegExp(`^  ${c.name} `, 'm'));
    }
  });
});
