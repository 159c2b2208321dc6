import { strict as assert } from 'node:assert';
import { alphabeticalOrder } from '../../../src/core/journeys/nameOrder';
import { JourneyNameOrder } from '../../../src/host/journeyNameOrder';

type J = { name: string; id: string };

/** The order the tree promises: a locale-aware sort by name, then id. */
const reference = (js: J[]) => [...js].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
const sortedBy = (js: J[], order: JourneyNameOrder, seed?: Int32Array) => {
  const rank = order.ranks(js, seed);
  return [...js].sort((a, b) => rank(a) - rank(b));
};

describe('JourneyNameOrder (the Journeys tree’s alphabetical order, kept across rebuilds)', () => {
  const names = ['Zoë', 'zoe', 'Émile', 'emile', 'Bob', 'bob 10', 'bob 9', 'Ångström', 'Alice', 'alice', ''];
  const make = (n: number, salt = 0): J[] =>
    Array.from({ length: n }, (_, i) => ({ name: `${names[(i * 7 + salt) % names.length]} ${i % 3}`, id: `j${i}` }));

  it('orders as a locale-aware sort by name then id, accents and case included', () => {
    const js = make(200);
    assert.deepEqual(sortedBy(js, new JourneyNameOrder()), reference(js));
  });

  it('stays right as names change and journeys come and go, rebuild after rebuild', () => {
    const order = new JourneyNameOrder();
    let js = make(300);
    sortedBy(js, order);
    for (let round = 0; round < 40; round++) {
      js = js.map((j, i) => (i % 97 === round % 97 ? { ...j, name: `Edited ${round} ${j.name}` } : j));
      if (round % 5 === 0) js = js.filter((_, i) => i !== round);
      if (round % 7 === 0) js = [...js, { name: `New ${round}`, id: `n${round}` }];
      assert.deepEqual(sortedBy(js, order), reference(js), `round ${round}`);
    }
  });

  it('re-sorts from scratch when many journeys are new, with the same result', () => {
    const order = new JourneyNameOrder();
    sortedBy(make(50), order);
    const js = make(500, 3).map((j) => ({ ...j, id: `x${j.id}` }));
    assert.deepEqual(sortedBy(js, order), reference(js));
  });

  it("takes the session worker's order of a whole report as it is, and goes on incrementally from it", () => {
    const js = make(400, 5);
    const seed = alphabeticalOrder(js);
    assert.deepEqual(
      Array.from(seed, (i) => js[i]),
      reference(js),
    );
    const order = new JourneyNameOrder();
    assert.deepEqual(sortedBy(js, order, seed), reference(js));
    const edited = js.map((j, i) => (i === 17 ? { ...j, name: 'Aardvark' } : j));
    assert.deepEqual(sortedBy(edited, order), reference(edited));
    // an order for another list (a patched report's journeys with one more) is not used
    const more = [...edited, { name: 'zzz', id: 'extra' }];
    assert.deepEqual(sortedBy(more, order, seed), reference(more));
  });

  it('numbers afresh when many journeys are inserted at one place, with the same result', () => {
    const order = new JourneyNameOrder();
    let js: J[] = ['a', 'b', 'c'].map((name) => ({ name, id: name }));
    sortedBy(js, order);
    // each new name sorts just after 'b' and before the previous one ('baab' < 'bab'): the gap there halves each time
    for (let i = 0; i < 80; i++) {
      js = [...js, { name: `b${'a'.repeat(i + 1)}b`, id: `x${i}` }];
      assert.deepEqual(sortedBy(js, order), reference(js), `insert ${i}`);
    }
  });
});
