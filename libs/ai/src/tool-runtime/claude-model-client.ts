import type { AiConfig } from '@psycheos/bot-runtime';
import type { Logger } from '@psycheos/platform';
import { createClaude } from '../claude';
import type { ModelClient } from './model-client';

/** Claude from the service's configuration, as the tools' ModelClient. */
export function createModelClient(
  config: AiConfig & { apiKey: string; logger: Logger; retryBaseMs?: number },
): ModelClient {
  const claude = createClaude({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    model: config.model,
    timeoutMs: config.requestTimeoutSeconds * 1_000,
    maxAttempts: config.maxAttempts,
    logger: config.logger,
    ...(config.retryBaseMs !== undefined && { retry: { baseDelayMs: config.retryBaseMs } }),
  });
  return {
    model: config.model,
    streamMessage: (request) => claude.streamMessage(request),
  };
}
