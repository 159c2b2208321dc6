import { openDuckDb } from '../../src/node/events/duckdbEngine';
import { findEventFiles } from '../../src/node/events/eventFiles';
import { ingest } from '../../src/core/events/ingest/ingest';
import { eventsDefaults } from '../../src/core/events/options';
import { buildFunnelUnits } from '../../src/core/events/queries/funnelUnits';
import { funnelDefinition, parseSteps } from '../../src/core/events/queries/funnelDefinition';
const log: string[] = [];
async function main() {
  const raw = await openDuckDb({ memoryLimit: '2GB' });
  const engine = { ...raw, run: async (s: string) => { log.push(s); return raw.run(s); }, all: raw.all.bind(raw), close: raw.close.bind(raw) };
  const { files } = await findEventFiles('/work/bench-data/shop');
  const t0 = performance.now();
  const r = await ingest(engine as never, files, eventsDefaults({}));
  console.log('ingest', Math.round(performance.now() - t0));
  const def = funnelDefinition({ steps: parseSteps('session_start > product_view > add_to_cart > purchase'), unit: 'user', window: '7d', order: 'sequential', by: null });
  for (let i = 0; i < 2; i++) {
    const t1 = performance.now(); await buildFunnelUnits(engine as never, r.info, def); console.log('funnel units', Math.round(performance.now() - t1));
  }
  const time = async (label: string, sql: string) => { const t = performance.now(); const u = process.cpuUsage(); await raw.run(sql); const c = process.cpuUsage(u); console.log(label.padEnd(50), Math.round(performance.now() - t), 'ms', Math.round((c.user + c.system) / 1000), 'cpu'); };
  const fm = log.find((s) => s.includes('funnel_m'))!;
  const fu = log.filter((s) => s.includes('funnel_units')).pop()!;
  console.log(fm.slice(0, 1500)); console.log('----'); console.log(fu.slice(0, 3000));
  await time('funnel_m as is', fm);
  await time('funnel_units as is', fu);
  for (const [l, s] of Object.entries(JSON.parse(process.env.EXTRA ?? '{}'))) await time(l, s as string);
}
void main();
