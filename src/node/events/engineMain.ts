/**
 * The engine child process (bundled as dist/eventsEngine.js): owns the one DuckDB, answers requests in order.
 * Runs apart from the extension host and the CLI so that a native crash or an out-of-memory abort ends only it.
 */
import { openDuckDb } from './duckdbEngine';
import { HANDLERS, type EngineState } from './engineHandlers';
import type { EngineMessage, EngineRequestMessage, EngineSettings, RequestType } from './engineProtocol';

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.JOURNEY_LENS_ENGINE ?? '{}') as Partial<EngineSettings>;
  const engine = await openDuckDb({
    memoryLimit: settings.memoryLimit,
    tempDirectory: settings.tempDirectory,
    threads: settings.threads,
  });
  const state: EngineState = { engine, loaded: null };
  const send = (m: EngineMessage) => process.send?.(m);
  // One request at a time: DuckDB's connection is single-threaded here, and answers keep the callers' order.
  let queue = Promise.resolve();
  process.on('message', (msg: EngineRequestMessage) => {
    queue = queue.then(async () => {
      try {
        const handler = HANDLERS[msg.type as RequestType] as (
          s: EngineState,
          p: unknown,
          pr: (t: string) => void,
        ) => Promise<unknown>;
        if (!handler) throw new Error(`unknown request "${msg.type}"`);
        const result = await handler(state, msg.params, (text) => send({ id: msg.id, kind: 'progress', text }));
        send({ id: msg.id, kind: 'result', result });
        if (msg.type === 'close') {
          await engine.close();
          process.disconnect();
        }
      } catch (err) {
        send({ id: msg.id, kind: 'error', message: (err as Error).message });
      }
    });
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((err) => {
  process.stderr.write(`journey-lens engine: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
