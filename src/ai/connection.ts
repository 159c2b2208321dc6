/**
 * What every AI feature sets up the same way: the chat client, the answer cache, a log that never carries the key,
 * whether anything can be asked at all, and failures turned into scrubbed, user-facing messages. The journey analyzer
 * and the event dashboard's view notes both build on it.
 */
import { AnswerCache } from './cache';
import { createChatClient, type ChatClient, type RetryPolicy } from './chatClient';
import { AiFailure, scrub, toAiFailure } from './errors';

export interface AiConnectionConfig {
  /** From SecretStorage (extension) or OPENAI_API_KEY (CLI). May be empty for a local server with a base URL. */
  apiKey: string | undefined;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** Where answers are cached; no cache when absent. */
  cacheDir?: string;
  log?(message: string): void;
  /** Tests shorten the backoff; callers normally leave the defaults. */
  retry?: Partial<RetryPolicy>;
}

export const MISSING_KEY_MESSAGE =
  'No OpenAI API key is set. Set one, or set a base URL for a local OpenAI-compatible server.';

export interface AiConnection {
  client: ChatClient;
  cache: AnswerCache | undefined;
  /** Without a key only a local server (a base URL) can be asked; OpenAI itself would answer 401. */
  missingKey: boolean;
  /** Logs with the key scrubbed out. */
  log(message: string): void;
  /** Any error of a request as an AiFailure whose message is scrubbed and says what to do. */
  failure(error: unknown, attempts: number): AiFailure;
}

export function connectAi(config: AiConnectionConfig): AiConnection {
  const apiKey = config.apiKey?.trim() ?? '';
  const secrets = apiKey ? [apiKey] : [];
  const log = (msg: string) => config.log?.(scrub(msg, secrets));
  return {
    client: createChatClient({
      apiKey,
      baseURL: config.baseURL,
      model: config.model,
      timeoutMs: config.timeoutMs,
      retry: config.retry,
    }),
    cache: config.cacheDir ? new AnswerCache(config.cacheDir, log) : undefined,
    missingKey: !apiKey && !config.baseURL,
    log,
    failure(error, attempts) {
      const f = toAiFailure(error, {
        model: config.model,
        baseURL: config.baseURL,
        timeoutMs: config.timeoutMs,
        attempts,
        secrets,
      });
      return new AiFailure(f.kind, scrub(f.message, secrets), f.status, f.attempts);
    },
  };
}
