/**
 * A seeded shop log like issue 9's: events.csv (event_id, user_id, session_id, event_type, timestamp, product_id,
 * category, price, quantity), users.csv and products.csv. Default 12,000 users over 2025 (~1.9M events, ~145 MB);
 * `--users 200` makes a small one for tests. A few checkout_error events give friction something to find.
 *   node --import tsx bench/events/generate.ts OUT_DIR [--users N] [--seed S]
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['audio', 'cameras', 'computers', 'phones', 'gaming', 'home', 'books', 'toys'];
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_MS = 365 * 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export interface GeneratedLog {
  dir: string;
  users: number;
  events: number;
  bytes: number;
}

export async function generateShopLog(dir: string, users = 12_000, seed = 42): Promise<GeneratedLog> {
  const rnd = mulberry32(seed);
  await mkdir(dir, { recursive: true });
  const products = Array.from({ length: 500 }, (_, i) => ({
    id: `P${String(i + 1).padStart(4, '0')}`,
    category: CATEGORIES[i % CATEGORIES.length],
    price: Math.round((5 + rnd() * 495) * 100) / 100,
  }));
  await writeFile(
    path.join(dir, 'products.csv'),
    `product_id,product_name,category,price\n${products.map((p) => `${p.id},Product ${p.id.slice(1)},${p.category},${p.price.toFixed(2)}`).join('\n')}\n`,
  );
  const segments = ['new', 'casual', 'loyal', 'vip'];
  const locations = ['Berlin', 'Paris', 'Madrid', 'Rome', 'Vienna', 'Lisbon'];
  const userRows: string[] = [];
  const out = createWriteStream(path.join(dir, 'events.csv'));
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('event_id,user_id,session_id,event_type,timestamp,product_id,category,price,quantity\n');
  let eventId = 0;
  let sessionId = 0;
  let bytes = 0;
  for (let u = 1; u <= users; u++) {
    const user = `U${String(u).padStart(5, '0')}`;
    const segment = segments[Math.floor(rnd() * segments.length)];
    const registered = YEAR_START + Math.floor(rnd() * YEAR_MS * 0.9);
    userRows.push(
      `${user},${user.toLowerCase()}@example.com,${iso(registered).slice(0, 10)},${18 + Math.floor(rnd() * 60)},${rnd() < 0.5 ? 'F' : 'M'},${locations[Math.floor(rnd() * locations.length)]},${segment}`,
    );
    const sessions = 6 + Math.floor(rnd() * 34);
    const starts = Array.from(
      { length: sessions },
      () => registered + Math.floor(rnd() * (YEAR_START + YEAR_MS - registered)),
    ).sort((a, b) => a - b);
    const buyer = segment === 'vip' ? 0.6 : segment === 'loyal' ? 0.45 : 0.3;
    let chunk = '';
    for (const start of starts) {
      const sid = `S${++sessionId}`;
      let t = start;
      const row = (type: string, p?: { id: string; category: string; price: number }, q = '') => {
        chunk += `${++eventId},${user},${sid},${type},${iso(t)},${p ? p.id : ''},${p ? p.category : ''},${p ? p.price.toFixed(2) : ''},${q}\n`;
        t += 5_000 + Math.floor(rnd() * 120_000);
      };
      row('session_start');
      const views = 1 + Math.floor(-Math.log(1 - rnd()) * 4);
      let last = products[0];
      for (let i = 0; i < views; i++) {
        last = products[Math.floor(rnd() * products.length)];
        row('product_view', last);
      }
      if (rnd() < 0.45) {
        const q = 1 + Math.floor(rnd() * 3);
        row('add_to_cart', last, String(q));
        // An error at checkout cuts the chance to buy to a fifth: friction should find it costs sales.
        const failed = rnd() < 0.015;
        if (failed) row('checkout_error', last);
        if (rnd() < (failed ? buyer / 5 : buyer)) row('purchase', last, String(q));
      }
      row('session_end');
    }
    bytes += chunk.length;
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  await writeFile(
    path.join(dir, 'users.csv'),
    `user_id,email,registration_date,age,gender,location,segment\n${userRows.join('\n')}\n`,
  );
  return { dir, users, events: eventId, bytes };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (n: string, d: number) => (args.includes(n) ? Number(args[args.indexOf(n) + 1]) : d);
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '/tmp/journey-lens-shop';
  generateShopLog(dir, flag('--users', 12_000), flag('--seed', 42)).then((g) =>
    process.stdout.write(`${g.events} events of ${g.users} users, ${(g.bytes / 1e6).toFixed(0)} MB → ${g.dir}\n`),
  );
}
