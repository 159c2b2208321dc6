import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMAND } from '../../../src/host/commandIds';
import { REPO_ROOT } from '../../support/paths';

describe('command registry', () => {
  it('declares exactly the commands package.json contributes, so none is shown without a handler or hidden', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMAND).sort(), contributed);
  });
});
