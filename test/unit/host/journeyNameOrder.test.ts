import { strict as assert } from 'node:assert';
import { JourneyNameOrder } from '../../../src/host/journeyNameOrder';

type J = { name: string; id: string };

/** The order the tree promises: a locale-aware sort by name, then id. */
const reference = (js: J[]) => [...js].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
const sortedBy = (js: J[], order: JourneyNameOrder) => {
  const rank = order.ranks(js);
  return [...js].sort((a, b) => rank.get(a)! - rank.get(b)!);
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
});
