/**
 * The extension's one event engine: a DuckDB child process (src/node/events/engineClient.ts) shared by every event
 * source. The child holds one loaded dataset at a time, so each call names its source and the engine loads it
 * first when another source (or a fresh process after a crash) holds the tables. Calls run one at a time, in order,
 * so a load for one panel never interleaves with another panel's query.
 */
import type { EventsOptions } from '../../core/events/options';
import { EngineClient, EngineCrashedError } from '../../node/events/engineClient';
import type { EngineRequests, LoadResult, RequestType } from '../../node/events/engineProtocol';

export { EngineCrashedError };

/** What a source is analysed with: the folder or file and the options (settings) of that run. */
export interface EventsSourceSpec {
  target: string;
  options: Partial<EventsOptions>;
}

type QueryType = Exclude<RequestType, 'load' | 'analyzeAll' | 'close' | 'query'>;

export class EventsEngine {
  private client: EngineClient;
  private loaded: { key: string; pid: number; load: LoadResult } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: () => { memoryLimit: string }) {
    this.client = new EngineClient({ memoryLimit: settings().memoryLimit });
  }

  /** The child's process id while it runs (tests kill it to check that a crash is reported). */
  get pid(): number | undefined {
    return this.client.pid;
  }

  /** Loads the source (always afresh: the files may have changed) and builds its whole report. */
  analyze(
    spec: EventsSourceSpec,
    onProgress?: (text: string) => void,
  ): Promise<{
    load: LoadResult;
    report: EngineRequests['analyzeAll']['result'];
    definition: EngineRequests['funnelDefinition']['result'];
  }> {
    return this.exclusive(async () => {
      this.loaded = undefined;
      const load = await this.client.request('load', { target: spec.target, options: spec.options }, onProgress);
      this.remember(spec, load);
      const report = await this.client.request('analyzeAll', {}, onProgress);
      const definition = report.funnel ? await this.client.request('funnelDefinition', {}) : null;
      return { load, report, definition };
    });
  }

  /** A query on a source's tables, loading the source first if the engine holds another one. */
  query<K extends QueryType>(
    spec: EventsSourceSpec,
    type: K,
    params: EngineRequests[K]['params'],
  ): Promise<EngineRequests[K]['result']> {
    return this.exclusive(async () => {
      const key = keyOf(spec);
      if (!this.loaded || this.loaded.key !== key || this.loaded.pid !== this.client.pid) {
        this.loaded = undefined;
        this.remember(spec, await this.client.request('load', { target: spec.target, options: spec.options }));
      }
      return this.client.request(type, params);
    });
  }

  /** Ends the running request at once (Cancel on the progress notification): the child is killed, the next call starts a new one. */
  cancel(): void {
    const pid = this.client.pid;
    this.loaded = undefined;
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  /** After a settings change: the next request starts a child with the new memory limit. */
  restart(): Promise<void> {
    return this.exclusive(async () => {
      await this.client.dispose();
      this.loaded = undefined;
      this.client = new EngineClient({ memoryLimit: this.settings().memoryLimit });
    });
  }

  dispose(): Promise<void> {
    this.loaded = undefined;
    return this.client.dispose();
  }

  private remember(spec: EventsSourceSpec, load: LoadResult): void {
    const pid = this.client.pid;
    if (pid !== undefined) this.loaded = { key: keyOf(spec), pid, load };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function keyOf(spec: EventsSourceSpec): string {
  return JSON.stringify([spec.target, spec.options]);
}
