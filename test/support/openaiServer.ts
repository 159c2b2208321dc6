/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (port chosen by the OS) for tests: it implements
 * POST /v1/chat/completions, answers each request as the test scripts it, and records every request it received.
 * The real `openai` client talks to it over real HTTP; nothing in the client is mocked.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: any;
}

export interface ScriptedReply {
  status?: number;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
  /** Drop the connection without answering (a network failure). */
  hangUp?: boolean;
}

/** Decides the reply to the n-th request (0-based, counted over the server's life). */
export type Behaviour = (request: ReceivedRequest, n: number) => ScriptedReply | Promise<ScriptedReply>;

export interface OpenAiTestServer {
  /** Base URL for the client, ending in /v1. */
  baseURL: string;
  requests: ReceivedRequest[];
  /** Replaces the behaviour for the following requests. */
  script(behaviour: Behaviour): void;
  close(): Promise<void>;
}

/** A chat.completion response body carrying `content` as the assistant message. */
export function completion(
  content: string,
  usage = { prompt_tokens: 120, completion_tokens: 80 },
  model = 'test-model',
): object {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/** A valid journey_analysis answer (as the model's JSON text) that cites step 1, with `summary` as given. */
export function journeyAnswer(summary: string, outcome: 'upgrade' | 'cancel' = 'upgrade'): string {
  return JSON.stringify({
    summary,
    keyMoments: [{ text: 'First step', steps: [1] }],
    frictionPoints: [],
    intentSignals: [{ text: 'Came back to it', steps: [1] }],
    prediction: { outcome, confidence: 0.6, rationale: 'From the first step.' },
    recommendations: { product: ['Shorten the flow.'], user: ['Offer help.'] },
  });
}

/** An OpenAI-style error body. */
export function apiError(message: string, type: string, code: string | null = null): object {
  return { error: { message, type, param: null, code } };
}

export async function startOpenAiServer(
  behaviour: Behaviour = () => ({ status: 500, body: apiError('not scripted', 'server_error') }),
): Promise<OpenAiTestServer> {
  let current = behaviour;
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body,
      };
      const n = requests.length;
      requests.push(received);
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
        send(res, { status: 404, body: apiError(`No route ${req.method} ${req.url}`, 'invalid_request_error') });
        return;
      }
      let reply: ScriptedReply;
      try {
        reply = await current(received, n);
      } catch (e) {
        reply = { status: 500, body: apiError(`test behaviour threw: ${String(e)}`, 'server_error') };
      }
      if (reply.delayMs) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            timers.delete(t);
            resolve();
          }, reply.delayMs);
          timers.add(t);
          // The client gave up (timeout or abort): stop waiting.
          res.on('close', () => {
            clearTimeout(t);
            timers.delete(t);
            resolve();
          });
        });
      }
      if (reply.hangUp) {
        req.socket.destroy();
        return;
      }
      send(res, reply);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(b) {
      current = b;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, reply: ScriptedReply): void {
  if (res.writableEnded || res.destroyed) return;
  const isText = typeof reply.body === 'string';
  const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status ?? 200, {
    'content-type': isText ? 'text/plain' : 'application/json',
    ...reply.headers,
  });
  res.end(payload);
}
