// The JavaScript walk behind paths (pathSummaries.ts) on its own: its text keys for logs with so many distinct pages
// that three page ids no longer pack exactly into one number, and DuckDB's quantile_cont digits.
import assert from 'node:assert/strict';
import { pathSummaries, quantileCont } from '../../../../src/core/events/queries/pathSummaries';

/** Rows for units given as lists of page ids (user units: sid 0). */
function rows(units: number[][]): { uid: Float64Array; sid: Float64Array; pid: Float64Array } {
  const flat = units.flatMap((pages, u) => pages.map((p) => [u + 1, p]));
  return {
    uid: Float64Array.from(flat, ([u]) => u),
    sid: new Float64Array(flat.length),
    pid: Float64Array.from(flat, ([, p]) => p),
  };
}

describe('paths walk (pathSummaries.ts)', () => {
  it('over ~200,000 distinct pages counts sequences under text keys, with the same pages and order as numbers', () => {
    const many = Array.from({ length: 210_000 }, (_, i) => `/p/${String(i + 1).padStart(6, '0')}`);
    const few = many.slice(0, 10);
    // The same walks twice: through page ids 1..10 of a small log, and through the top ids of the large one.
    const walks = [
      [1, 2, 3, 2, 3],
      [1, 2, 3],
      [4, 4, 2, 3],
    ];
    const high = (p: number) => 210_000 - 10 + p;
    const small = pathSummaries(rows(walks), few, 50).overall;
    const large = pathSummaries(rows(walks.map((w) => w.map(high))), many, 50).overall;
    const rename = (page: string) => many[high(Number(page.slice(3))) - 1];
    assert.deepEqual(
      large.sequences,
      small.sequences.map((s) => ({ ...s, pages: s.pages.map(rename) })),
    );
    assert.deepEqual(
      large.transitions,
      small.transitions.map((t) => ({ ...t, from: rename(t.from), to: rename(t.to) })),
    );
    assert.deepEqual(small.sequences[0], { pages: ['/p/000001', '/p/000002', '/p/000003'], count: 2 });
    assert.deepEqual(large.length, small.length);
  });

  it('quantile_cont as DuckDB computes it: lo·(1−d) + hi·d at rank (n−1)·q', () => {
    const sorted = Float64Array.from([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    assert.equal(quantileCont(sorted, 0.5), 32);
    // rank 9 exactly: no interpolation
    assert.equal(quantileCont(sorted, 0.9), 512);
    assert.equal(quantileCont(Float64Array.from([3, 7]), 0.9), 3 * (1 - 0.9) + 7 * 0.9);
    assert.equal(quantileCont(new Float64Array(0), 0.5), 0);
  });
});
