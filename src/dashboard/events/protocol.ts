/**
 * The protocol between the extension host and the event-source dashboard webview (webview/events/). Every message
 * type is scoped `events/...`, so it can share a channel with the journeys dashboard's messages without a clash.
 * Both sides import these declarations: a renamed field fails to compile on both sides.
 *
 * Three kinds of message:
 *  - host → webview notifications ({@link EventsHostMessages}): the report, what the host can do, AI notes, replies;
 *  - webview → host notifications ({@link EventsWebviewNotifications}): ready, open a source row;
 *  - webview → host requests ({@link EventsRequests}): each carries an `id`; the host answers every one with an
 *    `events/reply` of the same `id` whose `result` is `{ ok: true, value }` or `{ ok: false, error }`.
 *
 * How the host uses it (the panel itself is src/host/events/…, written separately):
 *  1. `webview.html = renderEventsPanelHtml(...)` (src/dashboard/events/html.ts).
 *  2. Wait for `events/ready` (sent again after every reload) and answer each with `events/report` + `events/hostState`.
 *  3. Validate everything the webview sends with {@link parseEventsWebviewMessage} (the webview renders event-log
 *     strings and is untrusted); ignore `undefined`. Dispatch with {@link dispatchEventsWebviewMessage} and one
 *     {@link EventsWebviewHandlers} map; reply with {@link eventsReply}. Open only files listed in the report's sources.
 */
import type {
  EventsReport,
  FunnelDefinition,
  FunnelOrder,
  FunnelReport,
  FunnelUnit,
  StepDetails,
  ConditionOp,
} from '../../core/events/types';
import { isObject } from '../../core/shared/isObject';
import type { Result, Tagged } from '../common';

export const EVENTS_SCOPE = 'events';

/** The views of the event dashboard (webview/events/registry.ts declares them; this is the protocol's copy of the ids). */
export const EVENTS_VIEW_IDS = [
  'overview',
  'funnel',
  'details',
  'friction',
  'paths',
  'retention',
  'segments',
  'customers',
] as const;
export type EventsViewId = (typeof EVENTS_VIEW_IDS)[number];

export type { Result };

/** What the host can do right now; without a host (an export) every flag is false. */
export interface EventsHostState {
  /** The engine is available: the funnel editor may recompute and drill-downs may ask for events. */
  canQuery: boolean;
  /** Funnels can be saved to `journeyLens.events.funnels` (a workspace is open and trusted). */
  canSave: boolean;
  /** AI notes can be asked for (a key is set, the workspace is trusted). */
  aiAvailable: boolean;
}

export interface SavedFunnel {
  name: string;
  definition: FunnelDefinition;
}

/** The events of one session (or user) that saw a friction message: the friction drill-down. */
export type FrictionDetails = Omit<StepDetails, 'step'> & { message: string; path: string | null };

/** A note shown on a view, written by the AI client on the host (the webview makes rule-based notes itself). */
export interface ViewNote {
  view: EventsViewId;
  text: string;
  /** The model that wrote it, shown in the label. */
  model: string;
  /** What redaction replaced in the figures sent ("2 e-mails were replaced…"), shown under the note. */
  redactions?: string;
}

// ---------------------------------------------------------------- host → webview

export interface EventsHostMessages {
  /**
   * The report of one event source. `definition` is the funnel as the engine parsed it (the editor starts from it;
   * without it the webview parses the steps' `match` texts). `columns` are the property columns the editor offers.
   */
  'events/report': {
    report: EventsReport;
    /** The analysed source's path: the page keeps it in its saved state, so a window reload can restore the panel. */
    target?: string;
    definition?: FunnelDefinition;
    columns?: { name: string; type: string }[];
    saved?: SavedFunnel[];
  };
  'events/hostState': { state: EventsHostState };
  /** The answer to one request, matched by `id`. */
  'events/reply': { id: number; result: Result<unknown> };
  /** An AI note for a view (replaces the rule-based one while shown). */
  'events/note': { note: ViewNote };
  /** Long work on the host (re-analysis after a file change); `busy: false` ends it. */
  'events/busy': { busy: boolean; message?: string };
  /** Open the dashboard at a view (from the Journeys tree's Event logs section). */
  'events/show': { view: EventsViewId };
}

// ---------------------------------------------------------------- webview → host

export interface EventsWebviewNotifications {
  /** The webview is listening. Sent once per (re)load. */
  'events/ready': { readonly _?: never };
  /**
   * Open a source file at a line (a drill-down row, a problem). `rowId` (the event's `row_id`) lets the host find
   * the row in a layout without lines (Parquet).
   */
  'events/openSource': { file: string; line: number | null; rowId?: number };
}

/** Requests: params and the value of a successful reply. */
export interface EventsRequests {
  /** Run the funnel again with an edited definition (the engine answers in about a second on 1.9M events). */
  'events/recomputeFunnel': { params: { definition: FunnelDefinition }; value: FunnelReport };
  /**
   * The `index`-th (0-based) unit that dropped at `step` (1-based, ≥ 2), with its events in order. `definition` is the
   * funnel shown (after an edit); absent means the report's funnel.
   */
  'events/stepDetails': { params: { step: number; index: number; definition?: FunnelDefinition }; value: StepDetails };
  /** The `index`-th session that saw this friction message on this path. */
  'events/frictionDetails': { params: { message: string; path: string | null; index: number }; value: FrictionDetails };
  /** Save a funnel under a name to the workspace settings. */
  'events/saveFunnel': { params: { name: string; definition: FunnelDefinition }; value: { saved: SavedFunnel[] } };
  /** Values a column has, for the editor's autocompletion (most frequent first, at most `limit`). */
  'events/columnValues': { params: { column: string; prefix: string; limit: number }; value: { values: string[] } };
  /**
   * An AI note on a view, written from that view's figures only (asked for with the note's "Ask AI" button when
   * `aiAvailable`). A failure's error says why; the page keeps its rule-based note.
   */
  'events/aiNote': { params: { view: EventsViewId }; value: ViewNote };
}

export type EventsRequestType = keyof EventsRequests;
export type EventsRequestParams<K extends EventsRequestType> = EventsRequests[K]['params'];
export type EventsRequestValue<K extends EventsRequestType> = EventsRequests[K]['value'];

export type EventsHostMessage = Tagged<EventsHostMessages>;
export type EventsRequestMessage = {
  [K in EventsRequestType]: { type: K; id: number; params: EventsRequestParams<K> };
}[EventsRequestType];
export type EventsWebviewMessage = Tagged<EventsWebviewNotifications> | EventsRequestMessage;
export type EventsHostMessageOf<K extends keyof EventsHostMessages> = { type: K } & EventsHostMessages[K];

/** Build a typed host → webview message: `webview.postMessage(eventsHostMessage('events/show', { view: 'funnel' }))`. */
export function eventsHostMessage<K extends keyof EventsHostMessages>(
  type: K,
  body: EventsHostMessages[K],
): EventsHostMessageOf<K> {
  return { ...body, type } as EventsHostMessageOf<K>;
}

/** The reply to request `id`. */
export function eventsReply<K extends EventsRequestType>(
  _type: K,
  id: number,
  result: Result<EventsRequestValue<K>>,
): EventsHostMessageOf<'events/reply'> {
  return { type: 'events/reply', id, result };
}

// ---------------------------------------------------------------- one handler map per direction

/**
 * The host's handlers: one per webview message type. A request handler returns the reply's value (or throws: the
 * dispatcher turns that into `{ ok: false, error }`); a notification handler returns nothing.
 */
export type EventsWebviewHandlers = {
  [K in keyof EventsWebviewNotifications]: (body: EventsWebviewNotifications[K]) => void | Promise<void>;
} & {
  [K in EventsRequestType]: (params: EventsRequestParams<K>) => Promise<EventsRequestValue<K>> | EventsRequestValue<K>;
};

/** The webview's handlers: one per host message type. */
export type EventsHostHandlers = { [K in keyof EventsHostMessages]: (body: EventsHostMessageOf<K>) => void };

/**
 * Host side: run the handler for a parsed message; for a request, post its reply (success or the thrown error's
 * message) with `post`.
 */
export async function dispatchEventsWebviewMessage(
  handlers: EventsWebviewHandlers,
  msg: EventsWebviewMessage,
  post: (reply: EventsHostMessage) => void,
): Promise<void> {
  if (msg.type === 'events/ready' || msg.type === 'events/openSource') {
    const { type: _t, ...body } = msg;
    await (handlers[msg.type] as (b: typeof body) => unknown)(body);
    return;
  }
  let result: Result<unknown>;
  try {
    result = { ok: true, value: await (handlers[msg.type] as (p: unknown) => unknown)(msg.params) };
  } catch (e) {
    result = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  post({ type: 'events/reply', id: msg.id, result });
}

/** Webview side: run the handler for a host message. */
export function dispatchEventsHostMessage(handlers: EventsHostHandlers, msg: EventsHostMessage): void {
  (handlers[msg.type] as (m: EventsHostMessage) => void)(msg);
}

// ---------------------------------------------------------------- validation (the host must not trust the webview)

const MAX_STR = 4096;
const isStr = (x: unknown, max = MAX_STR): x is string => typeof x === 'string' && x.length <= max;
const isInt = (x: unknown, min: number, max = Number.MAX_SAFE_INTEGER): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
const OPS: readonly ConditionOp[] = ['=', '!=', '^=', '*=', '~='];
const UNITS: readonly FunnelUnit[] = ['user', 'session'];
const ORDERS: readonly FunnelOrder[] = ['sequential', 'strict', 'any'];
export const MAX_FUNNEL_STEPS = 20;
const MAX_CONDITIONS = 10;

/** A well-formed funnel definition, or undefined. Copies only known fields. */
export function parseFunnelDefinition(x: unknown): FunnelDefinition | undefined {
  if (!isObject(x) || !Array.isArray(x.steps) || x.steps.length < 1 || x.steps.length > MAX_FUNNEL_STEPS)
    return undefined;
  const steps: FunnelDefinition['steps'] = [];
  for (const s of x.steps) {
    if (!isObject(s) || !isStr(s.name) || !isStr(s.match) || !Array.isArray(s.conditions)) return undefined;
    if (s.conditions.length < 1 || s.conditions.length > MAX_CONDITIONS) return undefined;
    const conditions: FunnelDefinition['steps'][number]['conditions'] = [];
    for (const c of s.conditions) {
      if (
        !isObject(c) ||
        !isStr(c.column, 256) ||
        c.column === '' ||
        !OPS.includes(c.op as ConditionOp) ||
        !isStr(c.value)
      )
        return undefined;
      conditions.push({ column: c.column, op: c.op as ConditionOp, value: c.value });
    }
    steps.push({ name: s.name, match: s.match, conditions });
  }
  if (!UNITS.includes(x.unit as FunnelUnit) || !ORDERS.includes(x.order as FunnelOrder)) return undefined;
  if (x.windowMs !== null && !isInt(x.windowMs, 1)) return undefined;
  if (x.by !== null && !(isStr(x.by, 256) && x.by !== '')) return undefined;
  return {
    steps,
    unit: x.unit as FunnelUnit,
    order: x.order as FunnelOrder,
    windowMs: x.windowMs as number | null,
    by: x.by as string | null,
  };
}

/** Returns a well-formed webview message, or undefined for anything else (unknown type, wrong field types). */
export function parseEventsWebviewMessage(data: unknown): EventsWebviewMessage | undefined {
  if (!isObject(data) || typeof data.type !== 'string') return undefined;
  if (data.type === 'events/ready') return { type: 'events/ready' };
  if (data.type === 'events/openSource') {
    return isStr(data.file) &&
      (data.line === null || isInt(data.line, 1)) &&
      (data.rowId === undefined || isInt(data.rowId, 0))
      ? {
          type: 'events/openSource',
          file: data.file,
          line: data.line as number | null,
          ...(data.rowId !== undefined ? { rowId: data.rowId as number } : {}),
        }
      : undefined;
  }
  if (!isInt(data.id, 0) || !isObject(data.params)) return undefined;
  const id = data.id;
  const p = data.params;
  switch (data.type) {
    case 'events/recomputeFunnel': {
      const definition = parseFunnelDefinition(p.definition);
      return definition ? { type: data.type, id, params: { definition } } : undefined;
    }
    case 'events/stepDetails': {
      const definition = p.definition === undefined ? undefined : parseFunnelDefinition(p.definition);
      if (p.definition !== undefined && !definition) return undefined;
      return isInt(p.step, 2, MAX_FUNNEL_STEPS) && isInt(p.index, 0)
        ? { type: data.type, id, params: { step: p.step, index: p.index, ...(definition ? { definition } : {}) } }
        : undefined;
    }
    case 'events/frictionDetails':
      return isStr(p.message) && (p.path === null || isStr(p.path)) && isInt(p.index, 0)
        ? { type: data.type, id, params: { message: p.message, path: p.path as string | null, index: p.index } }
        : undefined;
    case 'events/saveFunnel': {
      const definition = parseFunnelDefinition(p.definition);
      return definition && isStr(p.name, 200) && p.name.trim() !== ''
        ? { type: data.type, id, params: { name: p.name.trim(), definition } }
        : undefined;
    }
    case 'events/columnValues':
      return isStr(p.column, 256) && isStr(p.prefix, 256) && isInt(p.limit, 1, 500)
        ? { type: data.type, id, params: { column: p.column, prefix: p.prefix, limit: p.limit } }
        : undefined;
    case 'events/aiNote':
      return EVENTS_VIEW_IDS.includes(p.view as EventsViewId)
        ? { type: data.type, id, params: { view: p.view as EventsViewId } }
        : undefined;
    default:
      return undefined;
  }
}

const HOST_TYPES: ReadonlySet<string> = new Set<keyof EventsHostMessages>([
  'events/report',
  'events/hostState',
  'events/reply',
  'events/note',
  'events/busy',
  'events/show',
]);

/** The webview's check on incoming `message` events (the host is trusted; this filters out unrelated posts). */
export function isEventsHostMessage(data: unknown): data is EventsHostMessage {
  return isObject(data) && typeof data.type === 'string' && HOST_TYPES.has(data.type);
}
