/**
 * Turns whatever the OpenAI client throws into one of a few kinds with a message a user can act on.
 * Server messages are never shown for a 401: OpenAI's includes part of the key.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type AiFailureKind =
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'rate_limit'
  | 'quota'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'cancelled';

export class AiFailure extends Error {
  constructor(
    readonly kind: AiFailureKind,
    message: string,
    readonly status?: number,
    /** HTTP requests made before giving up (retries included). */
    public attempts?: number,
  ) {
    super(message);
    this.name = 'AiFailure';
  }
}

export interface FailureContext {
  model: string;
  /** Shown as host only: a base URL can carry credentials in its user-info part. */
  baseURL?: string;
  timeoutMs: number;
  attempts: number;
  secrets: readonly string[];
}

/** Whatever the OpenAI client threw, as an AiFailure: a kind the callers branch on and a message a user can act on. */
export function toAiFailure(error: unknown, ctx: FailureContext): AiFailure {
  if (error instanceof AiFailure) return error;
  const where = hostOf(ctx.baseURL);
  if (error instanceof APIUserAbortError) return new AiFailure('cancelled', 'Cancelled.');
  if (error instanceof APIConnectionTimeoutError) {
    return new AiFailure(
      'timeout',
      `No answer from ${where} within ${seconds(ctx.timeoutMs)} (timeout). Try again, raise the timeout setting, or choose a faster model.`,
    );
  }
  if (error instanceof APIConnectionError) {
    return new AiFailure(
      'network',
      `Could not reach ${where} (${scrub(rootCause(error), ctx.secrets)}). Check the network or the base URL setting.`,
    );
  }
  if (error instanceof APIError) {
    const status = error.status;
    const serverSays = scrub(clip(error.message), ctx.secrets);
    const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
    if (status === 401)
      return new AiFailure(
        'auth',
        `The API key was rejected by ${where} (401 Unauthorized). Set a valid OpenAI API key.`,
        401,
      );
    if (status === 403)
      return new AiFailure('forbidden', `${where} refused access (403 Forbidden): ${serverSays}`, 403);
    if (status === 404)
      return new AiFailure(
        'not_found',
        `The model "${ctx.model}" or the endpoint was not found at ${where} (404). Check the model and base URL settings.`,
        404,
      );
    if (status === 429 && isQuota(error)) {
      return new AiFailure(
        'quota',
        `The API account has no quota left (429 insufficient_quota). Check the plan and billing of the key's account.`,
        429,
      );
    }
    if (status === 429)
      return new AiFailure(
        'rate_limit',
        `Rate limited by ${where} (429)${tries}. Try again later or lower the maximum concurrent requests.`,
        429,
      );
    if (status !== undefined && status >= 500)
      return new AiFailure('server', `${where} failed with HTTP ${status}${tries}: ${serverSays}`, status);
    if (status === 400 || status === 422) {
      return new AiFailure(
        'bad_request',
        `${where} refused the request (HTTP ${status}): ${serverSays}. A local server must support structured output (response_format json_schema).`,
        status,
      );
    }
    return new AiFailure('server', `${where} answered HTTP ${status ?? '?'}: ${serverSays}`, status);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AiFailure('network', `The request failed: ${scrub(clip(message), ctx.secrets)}`);
}

/** Removes the given secrets, and anything shaped like an API key, from text that may be shown or logged. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted key]');
  return out.replace(/\b(?:sk|rk)-[A-Za-z0-9_*-]{8,}/g, '[redacted key]');
}

/** fetch wraps the useful part ("ECONNREFUSED", "ENOTFOUND") a level or two down the cause chain. */
function rootCause(error: Error): string {
  let e: unknown = error;
  let message = error.message;
  for (let depth = 0; e && depth < 5; depth++) {
    const c = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === 'string' && c.code) return c.code;
    if (typeof c.message === 'string' && c.message) message = c.message;
    e = c.cause;
  }
  return clip(message);
}

function isQuota(error: APIError): boolean {
  const body = error.error as { code?: string; type?: string } | undefined;
  return (
    error.code === 'insufficient_quota' || body?.code === 'insufficient_quota' || body?.type === 'insufficient_quota'
  );
}

export function hostOf(baseURL: string | undefined): string {
  if (!baseURL) return 'the OpenAI API';
  try {
    return new URL(baseURL).host || baseURL;
  } catch {
    return 'the configured base URL';
  }
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function clip(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 240 ? `${s.slice(0, 239)}…` : s;
}
