/**
 * The protocol between the extension host and the recordings dashboard webview. Every message type is scoped
 * `journeys/...` (the event dashboard's are `events/...`, src/dashboard/events/protocol.ts). Both sides import these
 * declarations, so a renamed field fails to compile on both sides (the GitLens pattern), and each side handles the
 * other's messages with one handler map ({@link WebviewHandlers}, {@link HostHandlers}) the compiler checks is complete.
 *
 * How the host uses it (see also src/dashboard/html.ts; src/host/dashboardPanel.ts does all of this):
 *  1. Create the panel with `enableScripts: true` and `localResourceRoots` limited to `dist/webview` and `media`,
 *     set `webview.html = renderDashboardHtml({...})`.
 *  2. Wait for the webview's {@link WebviewMessage} `journeys/ready` before posting anything (messages posted earlier are lost).
 *     `ready` is sent again after every reload of the webview (e.g. after the panel serializer restores it),
 *     so answer every `journeys/ready` with a fresh `journeys/report` message (+ a `journeys/hostState`).
 *  3. Post {@link HostMessage}s with `webview.postMessage(msg)`; the `post` helper below types them.
 *  4. Validate everything that comes back with {@link parseWebviewMessage}: the webview renders recording text and
 *     must be treated as untrusted; ignore `undefined` results. Only open files that belong to the current report.
 *  5. The panel serializer receives the webview's saved state (webview/shell/state.ts, opaque here; or undefined); just set the html again:
 *     the webview restores its own tab, filters, open sections and scroll position from that state.
 * The API key never crosses this protocol: the webview only learns whether a key is set ({@link HostState}).
 */
import { isObject } from '../../core/shared/isObject';
import type { CompactJourney, CompactReport } from '../../core/journeys/reportSummary';
import type { CrossJourneyAnalysis, JourneyAnalysis } from '../../core/journeys/types';
import type { Result, Tagged } from '../common';

export const JOURNEYS_SCOPE = 'journeys';

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
  /**
   * The whole report. Replaces what the webview shows; its open sections, filters and scroll are kept. From the
   * recordings host its journeys are compact (no steps, timeline or rule-based analysis: the page asks for them with
   * `journeys/loadJourney`); a journey that carries them (event-log journeys) is shown as it is.
   */
  'journeys/report': { report: CompactReport; reveal?: RevealTarget };
  /** What the host can do (AI availability, trust). Send after `journeys/report` and whenever it changes. */
  'journeys/hostState': { state: HostState };
  /**
   * The rest of a large report, after a `journeys/report` that carried its first journeys: appended in order. The host posts a
   * big report in slices so no single message blocks the extension host's thread for long while it is serialised.
   * `journeys` may come as the UTF-8 JSON of the array (`journeysJson`): VS Code moves bytes as they are, where it
   * serialises objects itself at about ten times the cost of JSON.stringify.
   */
  'journeys/journeysAppended': { journeys: CompactJourney[] | Uint8Array };
  /** One journey changed (re-parsed or re-predicted); inserted if its id is new. What the page loaded of it is stale. */
  'journeys/journeyUpdated': { journey: CompactJourney };
  /**
   * The answer to `journeys/loadJourney`: the journey's steps, timeline and analysis as UTF-8 JSON of a JourneyDetail
   * (src/core/journeys/reportSummary.ts), bytes the host forwards from the session worker without parsing them; or why
   * there is none (the journey vanished in a re-analysis).
   */
  'journeys/journeyDetail': { journeyId: string; result: Result<Uint8Array> };
  /** The answer to `journeys/search`: the journeys whose text, steps included, has every word of `text`. */
  'journeys/searchResult': { text: string; result: Result<string[]> };
  /** Journeys whose files were deleted. */
  'journeys/journeysRemoved': { journeyIds: string[] };
  /** Progress of a running AI analysis; `done === total` ends it. */
  'journeys/analysisProgress': { done: number; total: number; message?: string };
  /** One journey's analysis finished. A failure leaves any earlier analysis shown, next to the error. */
  'journeys/analysisResult': { journeyId: string; result: Result<JourneyAnalysis> };
  /** The cross-journey report on the overview. */
  'journeys/crossJourneyResult': { analysis: CrossJourneyAnalysis };
  /** Open the Journeys tab at this journey (from the tree or the Classify command). */
  'journeys/reveal': RevealTarget;
  /** Long work in progress (analysis of the workspace); `busy: false` ends it. */
  'journeys/busy': { busy: boolean; message?: string };
  /** A notice for the user. `action` offers a button that posts that webview message. */
  'journeys/error': { message: string; action?: 'journeys/setApiKey' | 'journeys/refresh' };
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
  /** The webview is listening. Sent once per (re)load; answer with `journeys/report`. */
  'journeys/ready': NoPayload;
  /** Open the journey's recording file in an editor at this step (the host locates it with jsonc-parser). */
  'journeys/openStep': { journeyId: string; stepIndex: number };
  /** Send this journey's steps, timeline and analysis (`journeys/journeyDetail`): the page opened it. */
  'journeys/loadJourney': { journeyId: string };
  /** Search the step text the page does not have (`journeys/searchResult`): the report's journeys are compact. */
  'journeys/search': { text: string };
  /** Run the Classify Journey command for this journey. */
  'journeys/classify': { journeyId: string };
  /** Analyse again (AI when available, else rules). `force` bypasses the cache. No ids: every journey. */
  'journeys/reanalyze': { journeyIds?: string[]; force: boolean };
  /** Run the AI analysis for every journey (cached results are reused). */
  'journeys/runAi': NoPayload;
  /** Cancel a running AI analysis. */
  'journeys/cancelAnalysis': NoPayload;
  /** Ask the host to run its "Set OpenAI API Key" command. The webview never sees the key. */
  'journeys/setApiKey': NoPayload;
  /** Re-scan the workspace and post a fresh report. */
  'journeys/refresh': NoPayload;
}

export type HostMessage = Tagged<HostMessages>;
export type WebviewMessage = Tagged<WebviewMessages>;
export type HostMessageOf<K extends keyof HostMessages> = { type: K } & HostMessages[K];
export type WebviewMessageOf<K extends keyof WebviewMessages> = { type: K } & WebviewMessages[K];

/** Build a typed host → webview message: `webview.postMessage(hostMessage('journeys/reveal', { journeyId }))`. */
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

// ---- one handler map per direction ----

/** The host's handlers: one per webview message type (a missing one fails to compile). */
export type WebviewHandlers = {
  [K in keyof WebviewMessages]: (msg: WebviewMessageOf<K>) => unknown;
};

/** The webview's handlers: one per host message type. */
export type HostHandlers = { [K in keyof HostMessages]: (msg: HostMessageOf<K>) => void };

/** Host side: run the handler for a message already validated with {@link parseWebviewMessage}. */
export function dispatchWebviewMessage(handlers: WebviewHandlers, msg: WebviewMessage): unknown {
  return (handlers[msg.type] as (m: WebviewMessage) => unknown)(msg);
}

/** Webview side: run the handler for a host message. */
export function dispatchHostMessage(handlers: HostHandlers, msg: HostMessage): void {
  (handlers[msg.type] as (m: HostMessage) => void)(msg);
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

const only =
  <K extends keyof WebviewMessages>(type: K) =>
  () =>
    ({ type }) as WebviewMessageOf<K>;

/**
 * One parser per webview message type, checked against WebviewMessages like the handler maps: each copies only the
 * fields it knows and returns undefined for a malformed message.
 */
const PARSERS: { [K in keyof WebviewMessages]: (data: Record<string, unknown>) => WebviewMessageOf<K> | undefined } = {
  'journeys/ready': only('journeys/ready'),
  'journeys/runAi': only('journeys/runAi'),
  'journeys/cancelAnalysis': only('journeys/cancelAnalysis'),
  'journeys/setApiKey': only('journeys/setApiKey'),
  'journeys/refresh': only('journeys/refresh'),
  'journeys/openStep': (data) =>
    isStr(data.journeyId) && isPosInt(data.stepIndex)
      ? { type: 'journeys/openStep', journeyId: data.journeyId, stepIndex: data.stepIndex }
      : undefined,
  'journeys/classify': (data) =>
    isStr(data.journeyId) ? { type: 'journeys/classify', journeyId: data.journeyId } : undefined,
  'journeys/search': (data) => (isStr(data.text) ? { type: 'journeys/search', text: data.text } : undefined),
  'journeys/loadJourney': (data) =>
    isStr(data.journeyId) ? { type: 'journeys/loadJourney', journeyId: data.journeyId } : undefined,
  'journeys/reanalyze': (data) => {
    const ids = data.journeyIds;
    if (ids !== undefined && !(Array.isArray(ids) && ids.length <= 100_000 && ids.every(isStr))) return undefined;
    return { type: 'journeys/reanalyze', force: data.force === true, ...(ids ? { journeyIds: ids as string[] } : {}) };
  },
};

/** Returns a well-formed webview message, or undefined for anything else (unknown type, wrong field types). */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (!isObject(data) || typeof data.type !== 'string' || !Object.hasOwn(PARSERS, data.type)) return undefined;
  return PARSERS[data.type as keyof WebviewMessages](data);
}

// Every host message type, as keys of a record the compiler checks against HostMessages: a message added there and
// forgotten here fails to compile instead of being dropped by isHostMessage.
const HOST_TYPE_RECORD = {
  'journeys/report': true,
  'journeys/hostState': true,
  'journeys/journeysAppended': true,
  'journeys/journeyUpdated': true,
  'journeys/journeyDetail': true,
  'journeys/searchResult': true,
  'journeys/journeysRemoved': true,
  'journeys/analysisProgress': true,
  'journeys/analysisResult': true,
  'journeys/crossJourneyResult': true,
  'journeys/reveal': true,
  'journeys/busy': true,
  'journeys/error': true,
} as const satisfies Record<keyof HostMessages, true>;
const HOST_TYPES: ReadonlySet<string> = new Set(Object.keys(HOST_TYPE_RECORD));

/** The webview's check on incoming `message` events (the host is trusted; this filters out unrelated posts). */
export function isHostMessage(data: unknown): data is HostMessage {
  return isObject(data) && typeof data.type === 'string' && HOST_TYPES.has(data.type);
}
