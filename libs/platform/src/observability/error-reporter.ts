import { VERSION } from '../bots';

export type ErrorTags = Record<string, string | number | null | undefined>;

/** Sends an error to Sentry when it is configured; does nothing otherwise. */
export interface ErrorReporter {
  report(error: unknown, tags?: ErrorTags): void;
  /** Waits for queued events to be sent; called on shutdown. */
  flush(): Promise<void>;
}

export const silentErrorReporter: ErrorReporter = {
  report: () => {},
  flush: async () => {},
};

const BOT_TOKEN_IN_URL = /\/bot\d+:[A-Za-z0-9_-]+/g;

/** grammY puts the bot token in every request URL; Sentry must never see one. */
export function scrubBotTokens(text: string): string {
  return text.replace(BOT_TOKEN_IN_URL, '/bot[redacted]');
}

export interface ErrorReporterOptions {
  dsn: string | undefined;
  debug: boolean;
  service: string;
}

/**
 * Sentry is loaded only when SENTRY_DSN is set: the SDK is large, and a process
 * without a DSN should not pay for it in memory or start-up time.
 */
export async function createErrorReporter(options: ErrorReporterOptions): Promise<ErrorReporter> {
  if (!options.dsn) return silentErrorReporter;
  const Sentry = await import('@sentry/node');
  Sentry.init({
    dsn: options.dsn,
    environment: options.debug ? 'development' : 'production',
    release: `psycheos@${VERSION}`,
    serverName: options.service,
    sendDefaultPii: false,
    beforeBreadcrumb(breadcrumb) {
      const url = breadcrumb.data?.url;
      if (typeof url === 'string')
        breadcrumb.data = { ...breadcrumb.data, url: scrubBotTokens(url) };
      if (breadcrumb.message) breadcrumb.message = scrubBotTokens(breadcrumb.message);
      return breadcrumb;
    },
    beforeSend(event) {
      // Request bodies are Telegram updates, i.e. what people wrote.
      if (event.request) event.request = { method: event.request.method, url: event.request.url };
      return event;
    },
  });
  Sentry.setTag('service', options.service);
  return {
    report(error, tags = {}) {
      Sentry.withScope((scope) => {
        for (const [key, value] of Object.entries(tags)) {
          if (value !== undefined && value !== null) scope.setTag(key, String(value));
        }
        Sentry.captureException(error);
      });
    },
    async flush() {
      await Sentry.flush(2_000);
    },
  };
}
