import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_OPTIONS } from '../../../src/core/journeys/options';
import { readRecordingFile } from '../../../src/node/readRecordingFile';

// Real files on disk: the reader is the one place that decides what is too big or not text.
describe('reading a candidate recording from disk', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jl-read-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 50 MB file with a message naming its size and the limit, without reading it', () => {
    const file = path.join(dir, 'huge.json');
    writeFileSync(file, '{');
    truncateSync(file, 50 * 1024 * 1024); // sparse: the reader must decide from the size, not by reading
    const res = readRecordingFile(file, 'huge.json', DEFAULT_OPTIONS.maxFileBytes);
    assert.ok('problem' in res);
    assert.equal(res.problem.file, 'huge.json');
    assert.equal(res.problem.severity, 'error');
    assert.match(res.problem.message, /file is 50\.0 MB, above the 20\.0 MB limit/);
  });

  it('refuses binary content and says where the first NUL byte is', () => {
    const file = path.join(dir, 'image.json');
    writeFileSync(file, Buffer.from([0x7b, 0x22, 0x00, 0x01, 0x02]));
    const res = readRecordingFile(file, 'image.json', DEFAULT_OPTIONS.maxFileBytes);
    assert.ok('problem' in res);
    assert.match(res.problem.message, /binary content \(NUL byte at offset 2\)/);
  });

  it('reports a folder named like a recording and a missing file instead of throwing', () => {
    mkdirSync(path.join(dir, 'folder.json'));
    const folder = readRecordingFile(path.join(dir, 'folder.json'), 'folder.json', DEFAULT_OPTIONS.maxFileBytes);
    assert.ok('problem' in folder);
    assert.match(folder.problem.message, /not a regular file/);
    const missing = readRecordingFile(path.join(dir, 'gone.json'), 'gone.json', DEFAULT_OPTIONS.maxFileBytes);
    assert.ok('problem' in missing);
    assert.match(missing.problem.message, /could not read file: ENOENT/);
  });

  it('returns the text of an ordinary recording, BOM and all (the parser strips it)', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, '\uFEFF{ "a": 1 }');
    const res = readRecordingFile(file, 'ok.json', DEFAULT_OPTIONS.maxFileBytes);
    assert.ok('text' in res);
    assert.equal(res.text, '\uFEFF{ "a": 1 }');
  });
});
