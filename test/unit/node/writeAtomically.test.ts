import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeAtomically } from '../../../src/node/writeAtomically';

describe('writeAtomically with pieces of text (the streamed report)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jl-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every piece in order, from a generator or an async iterable, in batches larger than one piece', async () => {
    const file = path.join(dir, 'out', 'report.json');
    // 3 MB in 30,000 pieces: more than one write batch.
    const piece = (i: number) => `${String(i).padStart(6, '0')}${'x'.repeat(94)}`;
    function* pieces() {
      for (let i = 0; i < 30_000; i++) yield piece(i);
    }
    await writeAtomically(file, pieces());
    assert.equal(readFileSync(file, 'utf8'), [...pieces()].join(''));
    async function* later() {
      yield 'é';
      await new Promise((r) => setImmediate(r));
      yield '🎉\n';
    }
    await writeAtomically(file, later());
    assert.equal(readFileSync(file, 'utf8'), 'é🎉\n');
    // Bytes among the text (steps encoded ahead), across batches.
    const enc = new TextEncoder();
    const mixed = (i: number) => (i % 3 ? piece(i) : enc.encode(`é${piece(i)}`));
    function* mixedPieces() {
      for (let i = 0; i < 30_000; i++) yield mixed(i);
    }
    await writeAtomically(file, mixedPieces());
    const expected = Array.from({ length: 30_000 }, (_, i) => (i % 3 ? piece(i) : `é${piece(i)}`)).join('');
    assert.equal(readFileSync(file, 'utf8'), expected);
    assert.deepEqual(readdirSync(path.dirname(file)), ['report.json'], 'no temporary file left');
  });

  it('leaves the previous file whole and no temporary file when the pieces fail half way', async () => {
    const file = path.join(dir, 'report.json');
    writeFileSync(file, 'the previous report');
    function* failing() {
      for (let i = 0; i < 20_000; i++) yield 'y'.repeat(100); // past one write batch: some bytes reached the disk
      throw new Error('serialising journey 20,000 failed');
    }
    await assert.rejects(writeAtomically(file, failing()), /journey 20,000 failed/);
    assert.equal(readFileSync(file, 'utf8'), 'the previous report');
    assert.deepEqual(readdirSync(dir), ['report.json']);
  });
});
