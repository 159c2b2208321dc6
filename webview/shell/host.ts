// Where the dashboard runs: inside a VS Code webview (a host answers messages) or in an exported HTML file (no host).
import { isObject } from '../../src/dashboard/coreHelpers';
import type { WebviewMessage } from '../../src/dashboard/journeys/protocol';
import type { DashboardState } from './state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  /** False in an export: actions that need VS Code (open file, AI, refresh) are hidden. */
  readonly connected: boolean;
  post(message: WebviewMessage): void;
  loadState(): DashboardState | undefined;
  saveState(state: DashboardState): void;
}

export function panelHost(): Host {
  const api = acquireVsCodeApi();
  return {
    connected: true,
    post: (m) => api.postMessage(m),
    loadState: () => asState(api.getState()),
    saveState: (s) => api.setState(s),
  };
}

/** Exported pages keep their state in localStorage when the browser allows it (file:// may not), else in memory. */
export function exportHost(storageKey: string): Host {
  let memory: DashboardState | undefined;
  const key = `journey-lens:${storageKey}`;
  return {
    connected: false,
    post: () => undefined,
    loadState: () => {
      try {
        const raw = localStorage.getItem(key);
        if (raw) return asState(JSON.parse(raw));
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

function asState(x: unknown): DashboardState | undefined {
  return isObject(x) && x.version === 1 ? (x as unknown as DashboardState) : undefined;
}
