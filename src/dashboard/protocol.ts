/**
 * The one protocol between the extension host and the dashboard webview. Both sides import these
 * declarations, so a renamed field fails to compile on both sides (the GitLens pattern).
 *
 * How the host uses it (see also src/dashboard/html.ts):
 *  1. Create the panel with `enableScripts: true` and `localResourceRoots` limited to `dist/webview` and `media`,
 *     set `webview.html = renderDashboardHtml({...})`.
 *  2. Wait for the webview's {@link WebviewMessage} `ready` before posting anything (messages posted earlier are lost).
 *     `ready` is sent again after every reload of the webview (e.g. after the panel serializer restores it),
 *     so answer every `ready` with a fresh `report` message (+ a `hostState`).
 *  3. Post {@link HostMessage}s with `webview.postMessage(msg)`; the `post` helper below types them.
 *  4. Validate everything that comes back with {@link parseWebviewMessage}: the webview renders recording text and
 *     must be treated as untrusted; ignore `undefined` results. Only open files that belong to the current report.
 *  5. The panel serializer receives the webview's saved state (webview/shell/state.ts, opaque here; or undefined); just set the html again:
 *     the webview restores its own tab, filters, open sections and scroll position from that state.
 * The API key never crosses this protocol: the webview only learns whether a key is set ({@link HostState}).
 */
import { isObject } from '../core/shared/isObject';
import type { CrossJourneyAnalysis, JourneyAnalysis, JourneyReport, Report } from '../core/journeys/types';

/** What the host can do right now; drives which actions the dashboard offers. */
export interface HostState {
  /** AI analysis can run: a key is set and the workspace is trusted. */
  aiAvailable: boolean;
  /** Whether an OpenAI key is stored (never the key itself). */
  hasApiKey: boolean;
  /** False in an untrusted workspace: analysis still works, AI calls do not. */
  trusted: boolean;
  /** Model name shown next to "Run AI analysis". */
  model?: string;
}

/** host → webview */
export interface HostMessages {
  /** The whole report. Replaces what the webview shows; its open sections, filters and scroll are kept. */
  report: { report: Report; reveal?: RevealTarget };
  /** What the host can do (AI availability, trust). Send after `report` and whenever it changes. */
  hostState: { state: HostState };
  /**
   * The rest of a large report, after a `report` that carried its first journeys: appended in order. The host posts a
   * big report in slices so no single message blocks the extension host's thread for long while it is serialised.
   */
  journeysAppended: { journeys: JourneyReport[] };
  /** One journey changed (re-parsed or re-predicted); inserted if its id is new. */
  journeyUpdated: { journey: JourneyReport };
  /** Journeys whose files were deleted. */
  journeysRemoved: { journeyIds: string[] };
  /** Progress of a running AI analysis; `done === total` ends it. */
  analysisProgress: { done: number; total: number; message?: string };
  /** One journey's analysis finished. With `error`, any earlier `analysis` stays shown next to the error. */
  analysisResult: { journeyId: string; analysis?: JourneyAnalysis; error?: string };
  /** The cross-journey report on the overview. */
  crossJourneyResult: { analysis: CrossJourneyAnalysis };
  /** Open the Journeys tab at this journey (from the tree or the Classify command). */
  reveal: RevealTarget;
  /** Long work in progress (analysis of the workspace); `busy: false` ends it. */
  busy: { busy: boolean; message?: string };
  /** A notice for the user. `action` offers a button that posts the matching webview message. */
  error: { message: string; action?: 'setApiKey' | 'refresh' };
}

export interface RevealTarget {
  journeyId: string;
  /** 1-based step index to scroll to and highlight. */
  stepIndex?: number;
}

/** A message that carries nothing but its type. */
type NoPayload = Record<never, never>;

/** webview → host */
export interface WebviewMessages {
  /** The webview is listening. Sent once per (re)load; answer with `report`. */
  ready: NoPayload;
  /** Open the journey's recording file in an editor at this step (the host locates it with jsonc-parser). */
  openStep: { journeyId: string; stepIndex: number };
  /** Run the Classify Journey command for this journey. */
  classify: { journeyId: string };
  /** Analyse again (AI when available, else rules). `force` bypasses the cache. No ids: every journey. */
  reanalyze: { journeyIds?: string[]; force: boolean };
  /** Run the AI analysis for every journey (cached results are reused). */
  runAi: NoPayload;
  /** Cancel a running AI analysis. */
  cancelAnalysis: NoPayload;
  /** Ask the host to run its "Set OpenAI API Key" command. The webview never sees the key. */
  setApiKey: NoPayload;
  /** Re-scan the workspace and post a fresh report. */
  refresh: NoPayload;
}

type Tagged<M> = { [K in keyof M]: { type: K } & M[K] }[keyof M];
export type HostMessage = Tagged<HostMessages>;
export type WebviewMessage = Tagged<WebviewMessages>;
export type HostMessageOf<K extends keyof HostMessages> = { type: K } & HostMessages[K];
export type WebviewMessageOf<K extends keyof WebviewMessages> = { type: K } & WebviewMessages[K];

/** Build a typed host → webview message: `webview.postMessage(hostMessage('reveal', { journeyId }))`. */
export function hostMessage<K extends keyof HostMessages>(type: K, body: HostMessages[K]): HostMessageOf<K> {
  return { ...body, type } as HostMessageOf<K>;
}

/** Build a typed webview → host message. */
export function webviewMessage<K extends keyof WebviewMessages>(
  type: K,
  body: WebviewMessages[K],
): WebviewMessageOf<K> {
  return { ...body, type } as WebviewMessageOf<K>;
}

export interface JourneyFilters {
  text: string;
  /** 'all', a known outcome ('upgrade' | 'cancel' | 'open'), a predicted one ('predicted-upgrade' | 'predicted-cancel'),
   * or 'disagree' (known outcome differs from the out-of-fold prediction). */
  outcome: OutcomeFilter;
  /** 'all' or a status that must occur in the journey. */
  status: string;
  sort: JourneySort;
}

export type OutcomeFilter =
  'all' | 'upgrade' | 'cancel' | 'open' | 'predicted-upgrade' | 'predicted-cancel' | 'disagree';
export type JourneySort =
  'probability-desc' | 'probability-asc' | 'date-desc' | 'date-asc' | 'length-desc' | 'length-asc' | 'name';

// ---- validation: the host must not trust what the webview sends ----

const isStr = (x: unknown): x is string => typeof x === 'string' && x.length <= 4096;
const isPosInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 1;

/** Returns a well-formed webview message, or undefined for anything else (unknown type, wrong field types). */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (!isObject(data) || typeof data.type !== 'string') return undefined;
  switch (data.type) {
    case 'ready':
    case 'runAi':
    case 'cancelAnalysis':
    case 'setApiKey':
    case 'refresh':
      return { type: data.type };
    case 'openStep':
      return isStr(data.journeyId) && isPosInt(data.stepIndex)
        ? { type: 'openStep', journeyId: data.journeyId, stepIndex: data.stepIndex }
        : undefined;
    case 'classify':
      return isStr(data.journeyId) ? { type: 'classify', journeyId: data.journeyId } : undefined;
    case 'reanalyze': {
      const ids = data.journeyIds;
      if (ids !== undefined && !(Array.isArray(ids) && ids.length <= 100_000 && ids.every(isStr))) return undefined;
      return { type: 'reanalyze', force: data.force === true, ...(ids ? { journeyIds: ids as string[] } : {}) };
    }
    default:
      return undefined;
  }
}

// Every host message type, as keys of a record the compiler checks against HostMessages: a message added there and
// forgotten here fails to compile instead of being dropped by isHostMessage.
const HOST_TYPE_RECORD = {
  report: true,
  hostState: true,
  journeysAppended: true,
  journeyUpdated: true,
  journeysRemoved: true,
  analysisProgress: true,
  analysisResult: true,
  crossJourneyResult: true,
  reveal: true,
  busy: true,
  error: true,
} as const satisfies Record<keyof HostMessages, true>;
const HOST_TYPES: ReadonlySet<string> = new Set(Object.keys(HOST_TYPE_RECORD));

/** The webview's check on incoming `message` events (the host is trusted; this filters out unrelated posts). */
export function isHostMessage(data: unknown): data is HostMessage {
  return isObject(data) && typeof data.type === 'string' && HOST_TYPES.has(data.type);
}
