import type { Logger } from '@psycheos/platform';
import { type BotId, envSuffix } from '@psycheos/platform';
import type { TelegramClient } from './telegram-client';
import type { TelegramLink } from './telegram-status';

/** How often the token is checked with getMe: a revoked token shows in /health within this. */
export const LINK_CHECK_MS = 60_000;

/**
 * Keeps the bot's view of its link to Telegram fresh and says when it changes, once.
 *
 * Every Bot API call already updates the status (telegram-status.ts); a bot that sends
 * nothing would never learn that its token was revoked, so getMe is asked every
 * `intervalMs` too. A change is one log line that says what to do, never a stack trace.
 */
export function watchTelegramLink(deps: {
  botId: BotId;
  telegram: TelegramClient;
  logger: Logger;
  intervalMs?: number;
}): { stop(): void } {
  const unsubscribe = deps.telegram.status.onChange((link, previous) =>
    logChange(deps.logger, deps.botId, link, previous),
  );
  const timer = setInterval(() => void deps.telegram.checkLink(), deps.intervalMs ?? LINK_CHECK_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}

function logChange(logger: Logger, botId: BotId, link: TelegramLink, previous: TelegramLink) {
  const tokenVar = `TG_TOKEN_${envSuffix(botId)}`;
  switch (link.state) {
    case 'token_refused':
      logger.error(
        { telegram: link.state, reason: link.reason },
        `Telegram refuses ${tokenVar} (${link.reason}): the token was revoked or is wrong; set the one @BotFather shows and restart the service`,
      );
      return;
    case 'unreachable':
      logger.warn(
        { telegram: link.state, reason: link.reason },
        `cannot reach the Bot API (${link.reason}): check TELEGRAM_API_ROOT and the network; replies wait in the outbox`,
      );
      return;
    case 'ok':
      if (previous.state !== 'checking') logger.info({ telegram: 'ok' }, 'Telegram answers again');
      return;
    case 'checking':
      return;
  }
}
