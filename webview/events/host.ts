// Where the event dashboard runs: in a VS Code webview (a host answers requests) or in an exported file (no host).
import type {
  EventsRequestParams,
  EventsRequestType,
  EventsRequestValue,
  EventsWebviewMessage,
  EventsWebviewNotifications,
  Result,
} from '../../src/dashboard/events/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Notification = {
  [K in keyof EventsWebviewNotifications]: { type: K } & EventsWebviewNotifications[K];
}[keyof EventsWebviewNotifications];

/** A request the host has not answered in this long gets an error result, so a view never waits for ever. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface EventsHost {
  /** False in an export: recompute, save, drill-down events and opening files need VS Code (or the CLI). */
  readonly connected: boolean;
  request<K extends EventsRequestType>(type: K, params: EventsRequestParams<K>): Promise<Result<EventsRequestValue<K>>>;
  notify(message: Notification): void;
  /** Hands the host's `events/reply` to the request waiting for it. */
  settle(id: number, result: Result<unknown>): void;
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function panelHost(): EventsHost {
  const api = acquireVsCodeApi();
  const pending = new Map<number, (r: Result<unknown>) => void>();
  let nextId = 1;
  return {
    connected: true,
    request: (type, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: `VS Code did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.` });
        }, REQUEST_TIMEOUT_MS);
        pending.set(id, (r) => {
          clearTimeout(timer);
          resolve(r as never);
        });
        api.postMessage({ type, id, params } as EventsWebviewMessage);
      }),
    notify: (m) => api.postMessage(m),
    settle: (id, result) => {
      const done = pending.get(id);
      pending.delete(id);
      done?.(result);
    },
    loadState: () => api.getState(),
    saveState: (s) => api.setState(s),
  };
}

/** Exported pages keep their state in localStorage when the browser allows it (file:// may not), else in memory. */
export function exportHost(storageKey: string): EventsHost {
  let memory: unknown;
  const key = `journey-lens-events:${storageKey}`;
  return {
    connected: false,
    request: async () => ({
      ok: false,
      error: 'This needs VS Code or the command line: an exported page has no engine.',
    }),
    notify: () => undefined,
    settle: () => undefined,
    loadState: () => {
      try {
        const raw = localStorage.getItem(key);
        if (raw) return JSON.parse(raw);
      } catch {
        /* storage blocked: memory only */
      }
      return memory;
    },
    saveState: (s) => {
      memory = s;
      try {
        localStorage.setItem(key, JSON.stringify(s));
      } catch {
        /* storage blocked or full */
      }
    },
  };
}
