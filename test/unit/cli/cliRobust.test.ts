// The CLI under hostile conditions, run as a user runs it: the built bundle in a real child process, real folders,
// real signals and a real local OpenAI-compatible server.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../../src/core/journeys/types';
import { apiError, startOpenAiServer, type OpenAiTestServer } from '../../support/openaiServer';
import { REPO_ROOT } from '../../support/paths';

const cli = path.join(REPO_ROOT, 'dist/cli.js');
const sample = path.join(REPO_ROOT, 'test-fixtures/sample');

/** Asynchronous, for runs that talk to a server living in this test process. */
function runAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

function run(args: string[], opts: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...(opts.nodeArgs ?? []), cli, ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
  });
}

/** A stack trace or an unhandled 'error' event on stderr: what a user must never see. */
const TRACE = /\n\s+at |Unhandled 'error' event|node:internal/;

/**
 * Loaded into the CLI with --require: the first time the CLI writes a file whose name holds JL_HOOK_NAME, half of
 * the content reaches the disk, then the process announces it (JL_HOOK_SIGNAL) and stops there forever, so the test
 * can SIGKILL it in the middle of the write, deterministically. It covers every way a report writer can write with
 * fs/promises: writeFile by path (the old, in-place way) and open() followed by the handle's write/writeFile/writev.
 */
const HOOK = `
const fsp = require('node:fs/promises');
const fs = require('node:fs');
const path = require('node:path');
const matches = (f) => typeof f === 'string' && path.basename(f).includes(process.env.JL_HOOK_NAME);
const half = (data) => (typeof data === 'string' ? data.slice(0, data.length >> 1) : Buffer.from(data).subarray(0, data.length >> 1));
function hang(file) {
  fs.writeFileSync(process.env.JL_HOOK_SIGNAL, String(file));
  setInterval(() => {}, 1000);
  return new Promise(() => {});
}
const writeFile = fsp.writeFile;
fsp.writeFile = async (file, data, ...rest) => {
  if (!matches(file)) return writeFile(file, data, ...rest);
  await writeFile(file, half(data));
  return hang(file);
};
const open = fsp.open;
fsp.open = async (file, ...rest) => {
  const handle = await open(file, ...rest);
  if (!matches(file)) return handle;
  const write = handle.write.bind(handle);
  handle.writeFile = async (data) => { await write(half(data)); return hang(file); };
  handle.write = async (data) => { await write(half(data)); return hang(file); };
  handle.writev = async (buffers) => { await write(half(Buffer.concat(buffers))); return hang(file); };
  return handle;
};
`;

/**
 * Runs the CLI with HOOK preloaded (in its worker threads too), waits until the hook says bytes of `name` are on disk,
 * then SIGKILLs it: the process dies mid-write without any cleanup.
 */
async function killWhileWriting(work: string, args: string[], name: string): Promise<void> {
  const hook = path.join(work, 'hook.cjs');
  const signal = path.join(work, 'writing');
  writeFileSync(hook, HOOK);
  const child = spawn(process.execPath, ['--require', hook, cli, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, JL_HOOK_NAME: name, JL_HOOK_SIGNAL: signal },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  while (!existsSync(signal) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  assert.ok(existsSync(signal), `the CLI reached the write of ${name}`);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}

describe('journey-lens CLI under hostile conditions', function () {
  this.timeout(120_000);
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'jl-cli-robust-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  for (const which of ['json', 'html'] as const) {
    it(`keeps the previous --${which} report whole when the CLI is SIGKILLed in the middle of writing the new one`, async () => {
      const folder = path.join(work, 'recordings');
      cpSync(sample, folder, { recursive: true });
      const reports = path.join(work, 'out');
      const json = path.join(reports, 'report.json');
      const html = path.join(reports, 'dashboard.html');
      const first = run(['analyze', folder, '--json', json, '--html', html, '--quiet']);
      assert.equal(first.status, 0, first.stderr);
      const before = { json: readFileSync(json, 'utf8'), html: readFileSync(html, 'utf8') };

      // The second run has something new to say, so a report it half-wrote would differ from the first.
      cpSync(path.join(folder, 'upgrades/upgrade-01.json'), path.join(folder, 'upgrades/upgrade-copy.json'));
      await killWhileWriting(
        work,
        ['analyze', folder, '--json', json, '--html', html, '--quiet'],
        path.basename(which === 'json' ? json : html),
      );

      if (which === 'json') {
        assert.equal(readFileSync(json, 'utf8'), before.json, 'the previous JSON report is untouched');
      } else {
        // The JSON report was finished before the dashboard was started: the new one, whole.
        const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
        assert.ok(report.journeys.some((j) => j.id === 'upgrades/upgrade-copy.json'));
      }
      assert.equal(readFileSync(html, 'utf8'), before.html, 'the previous dashboard is untouched');
      // What the killed run left is its own temporary file beside the target, never the target itself.
      const leftovers = readdirSync(reports).filter((f) => f !== 'report.json' && f !== 'dashboard.html');
      assert.ok(
        leftovers.every((f) => f.startsWith('.') && f.endsWith('.tmp')),
        leftovers.join(', '),
      );
    });
  }

  it('keeps the previous report whole when the CLI is SIGKILLed while its worker writes --json alone', async () => {
    // --json without --html or --ai: the session worker writes the report (the hook is preloaded there too).
    const folder = path.join(work, 'recordings');
    cpSync(sample, folder, { recursive: true });
    const reports = path.join(work, 'out');
    const json = path.join(reports, 'report.json');
    assert.equal(run(['analyze', folder, '--json', json, '--quiet']).status, 0);
    const before = readFileSync(json, 'utf8');
    cpSync(path.join(folder, 'upgrades/upgrade-01.json'), path.join(folder, 'upgrades/upgrade-copy.json'));
    await killWhileWriting(work, ['analyze', folder, '--json', json, '--quiet'], 'report.json');
    assert.equal(readFileSync(json, 'utf8'), before, 'the previous JSON report is untouched');
    const leftovers = readdirSync(reports).filter((f) => f !== 'report.json');
    assert.ok(
      leftovers.every((f) => f.startsWith('.') && f.endsWith('.tmp')),
      leftovers.join(', '),
    );
  });

  describe('--ai when every request fails', () => {
    let server: OpenAiTestServer;
    before(async () => {
      server = await startOpenAiServer(() => ({
        status: 400,
        body: apiError('model "nope" does not exist', 'invalid_request_error'),
      }));
    });
    after(() => server.close());

    it('still writes --json and --html with the rule-based analysis, says why, and exits 1', async () => {
      const json = path.join(work, 'report.json');
      const html = path.join(work, 'dashboard.html');
      const res = await runAsync(
        [
          'analyze',
          sample,
          '--ai',
          '--openai-base-url',
          server.baseURL,
          '--model',
          'nope',
          '--json',
          json,
          '--html',
          html,
          '--quiet',
        ],
        { OPENAI_API_KEY: 'sk-test-not-a-real-key', XDG_CACHE_HOME: path.join(work, 'cache') },
      );
      assert.equal(res.status, 1, res.stderr);
      assert.ok(server.requests.length > 0, 'the model was asked');
      assert.match(res.stderr, /AI analysis failed \(no journey could be analysed: .*does not exist/);
      assert.match(res.stderr, /the reports hold the rule-based analysis/);
      assert.doesNotMatch(res.stderr, TRACE);
      const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      assert.ok(report.journeys.length >= 12);
      for (const j of report.journeys) {
        assert.equal(j.analysis?.source, 'rules', `${j.id} keeps its rule-based analysis`);
        assert.match(j.analysisError ?? '', /does not exist/, `${j.id} says why the AI analysis failed`);
      }
      assert.match(readFileSync(html, 'utf8'), /<html/i);
      assert.match(res.stdout, /Report written to/);
    });
  });

  it('prints file names holding terminal escape sequences escaped, never raw', () => {
    const folder = path.join(work, 'recordings');
    cpSync(sample, folder, { recursive: true });
    const names = ['title\x1b]0;pwned\x07.json', 'clear\x1b[2J\x1b[H.json', 'bidi\u202egnp.json'];
    for (const name of names)
      writeFileSync(path.join(folder, name), '{ "export-1.ph-recording-chunk-summaries": { "steps": [ { "label": ');
    const res = run(['analyze', folder, '--quiet']);
    assert.equal(res.status, 0, res.stderr);
    // Control characters are exactly what this looks for.
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(res.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/, 'no control character reaches the terminal');
    assert.match(res.stdout, /title\\x1b\]0;pwned\\x07\.json:1:\d+/);
    assert.match(res.stdout, /clear\\x1b\[2J\\x1b\[H\.json:1:\d+/);
    assert.match(res.stdout, /bidi\\u202egnp\.json:1:\d+/);
  });

  it("ends quietly with the run's own exit code when the reader closes the pipe (| head)", async () => {
    const json = path.join(work, 'report.json');
    const child = spawn(process.execPath, [cli, 'analyze', sample, '--json', json, '--quiet'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the CLI prints anything: its first write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', 'nothing on stderr: the reader chose to stop reading');
    assert.ok(JSON.parse(readFileSync(json, 'utf8')), 'the report is written all the same');
  });

  it('says in one line that standard output is full (ENOSPC on /dev/full) and exits 1, reports written', function () {
    if (!existsSync('/dev/full')) this.skip();
    const json = path.join(work, 'report.json');
    const full = openSync('/dev/full', 'w');
    try {
      const res = spawnSync(process.execPath, [cli, 'analyze', sample, '--json', json, '--quiet'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      assert.equal(res.status, 1, res.stderr);
      assert.match(res.stderr, /^journey-lens: could not write to standard output \(ENOSPC: /);
      assert.doesNotMatch(res.stderr, TRACE);
      assert.ok(JSON.parse(readFileSync(json, 'utf8')));
    } finally {
      closeSync(full);
    }
  });

  it('guards the events subcommand the same way: a full stdout is one line and exit 1', function () {
    if (!existsSync('/dev/full')) this.skip();
    const full = openSync('/dev/full', 'w');
    try {
      const res = spawnSync(process.execPath, [cli, 'events', '--help'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      assert.equal(res.status, 1, res.stderr);
      assert.match(res.stderr, /^journey-lens: could not write to standard output \(ENOSPC: /);
      assert.doesNotMatch(res.stderr, TRACE);
    } finally {
      closeSync(full);
    }
  });
});
