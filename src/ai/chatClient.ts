/**
 * One structured-output chat request, with our own retry policy: rate limits (429) back off and retry several times,
 * honouring Retry-After; server errors and dropped connections get one more try; timeouts are not retried (a model
 * that did not answer in the configured time rarely answers the second time, and the user is waiting).
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatMessage } from '../core/journeys/analysis/prompt';
import { AiFailure, toAiFailure } from './errors';

export interface RetryPolicy {
  /** Retries after a 429 (not counting the first attempt). */
  rateLimitRetries: number;
  /** Retries after a 5xx or a dropped connection. */
  transientRetries: number;
  /** First backoff delay; doubles each retry (with jitter), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  rateLimitRetries: 3,
  transientRetries: 1,
  baseDelayMs: 1000,
  maxDelayMs: 20_000,
};

export interface ChatClientConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
}

export interface ChatResult {
  content: string;
  usage: { prompt: number; completion: number };
  attempts: number;
}

export interface ChatClient {
  complete(request: {
    messages: ChatMessage[];
    schemaName: string;
    schema: object;
    signal?: AbortSignal;
  }): Promise<ChatResult>;
}

export function createChatClient(config: ChatClientConfig): ChatClient {
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  const client = new OpenAI({
    // Local OpenAI-compatible servers need no key, but the client insists on one.
    apiKey: config.apiKey || 'no-key',
    baseURL: config.baseURL || undefined,
    timeout: config.timeoutMs,
    maxRetries: 0,
    logLevel: 'off',
  });
  const secrets = config.apiKey ? [config.apiKey] : [];

  const failed = (error: unknown, attempts: number): AiFailure => {
    const failure = toAiFailure(error, {
      model: config.model,
      baseURL: config.baseURL,
      timeoutMs: config.timeoutMs,
      attempts,
      secrets,
    });
    failure.attempts = attempts;
    return failure;
  };

  return {
    async complete({ messages, schemaName, schema, signal }) {
      let attempts = 0;
      let rateLimited = 0;
      let transient = 0;
      for (;;) {
        attempts++;
        try {
          const response = await client.chat.completions.create(
            {
              model: config.model,
              messages,
              // Only parameters every current model accepts: reasoning models reject temperature and max_tokens.
              response_format: {
                type: 'json_schema',
                json_schema: { name: schemaName, strict: true, schema: schema as Record<string, unknown> },
              },
            },
            { signal },
          );
          const choice = response.choices?.[0];
          if (!choice) throw new AiFailure('malformed', 'The API answered without a choice.');
          if (choice.message?.refusal)
            throw new AiFailure('malformed', `The model declined to answer: ${choice.message.refusal.slice(0, 200)}`);
          if (choice.finish_reason === 'length')
            throw new AiFailure('malformed', "The model's answer was cut off (length limit) before it was complete.");
          return {
            content: choice.message?.content ?? '',
            usage: { prompt: response.usage?.prompt_tokens ?? 0, completion: response.usage?.completion_tokens ?? 0 },
            attempts,
          };
        } catch (error) {
          if (signal?.aborted) throw failed(error, attempts);
          const isRateLimit = error instanceof APIError && error.status === 429 && !isQuota(error);
          const isTransient =
            (error instanceof APIError && error.status !== undefined && error.status >= 500) ||
            (error instanceof APIConnectionError && !(error instanceof APIConnectionTimeoutError));
          const retryNo = isRateLimit ? ++rateLimited : isTransient ? ++transient : 0;
          const allowed = isRateLimit ? retry.rateLimitRetries : isTransient ? retry.transientRetries : 0;
          if (retryNo === 0 || retryNo > allowed) throw failed(error, attempts);
          await sleep(backoff(error, retryNo, retry), signal).catch(() => {
            throw new AiFailure('cancelled', 'Cancelled.', undefined, attempts);
          });
        }
      }
    },
  };
}

function isQuota(error: APIError): boolean {
  const body = error.error as { code?: string } | undefined;
  return error.code === 'insufficient_quota' || body?.code === 'insufficient_quota';
}

/** Retry-After from the server when it gives one (within reason), exponential backoff with jitter otherwise. */
function backoff(error: unknown, retryNo: number, retry: RetryPolicy): number {
  const headers = error instanceof APIError ? error.headers : undefined;
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0 && headers?.get('retry-after-ms')) return Math.min(ms, 60_000);
  const s = Number(headers?.get('retry-after'));
  if (Number.isFinite(s) && s >= 0 && headers?.get('retry-after')) return Math.min(s * 1000, 60_000);
  const exp = Math.min(retry.baseDelayMs * 2 ** (retryNo - 1), retry.maxDelayMs);
  return exp * (0.75 + Math.random() * 0.25);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
