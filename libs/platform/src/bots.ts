/**
 * What a bot is, in the one place it is said. Adding a bot (an AI tool, say) is its service
 * folder plus an entry here: the config, launch links and their lifetimes, pro's tool menu and
 * its buttons, the dashboard's tools, the compose and Kubernetes files are derived from it,
 * and every per-bot table typed `Record<BotId, …>` (pro's titles) fails to compile until it
 * names the new one.
 */
interface BotEntry {
  /** What it does, for people reading code and deployment files. */
  readonly does: string;
  /** Talks to Claude: reads the AI and billing settings, runs the AI job queue. */
  readonly aiTool: boolean;
  /**
   * What pro's link opens it for: one case (a client's screening, a tool on a real client's
   * material) or the specialist alone (the trainer: its clients are fictional, so its practice
   * belongs in no real case). Null for pro itself, which no link opens.
   */
  readonly opens: 'case' | 'specialist' | null;
  /** How long pro's link to it stays valid: a tool's is for now, a client's waits for them. */
  readonly linkMinutes: number | null;
}

export const BOT_CATALOGUE = {
  pro: {
    does: "the specialist's bot: invitations, cases, the admin panel, tools, credits",
    aiTool: false,
    opens: null,
    linkMinutes: null,
  },
  screen: {
    does: "the client's bot: consent, screening questionnaires, the crisis protocol",
    aiTool: false,
    opens: 'case',
    linkMinutes: 7 * 24 * 60,
  },
  interpretator: {
    does: "AI: reads a case's material and says what stands out and what to ask",
    aiTool: true,
    opens: 'case',
    linkMinutes: 30,
  },
  conceptualizator: {
    does: 'AI: builds a case conceptualization with the specialist',
    aiTool: true,
    opens: 'case',
    linkMinutes: 30,
  },
  simulator: {
    does: 'AI: the trainer, a fictional client to practise with',
    aiTool: true,
    opens: 'specialist',
    linkMinutes: 30,
  },
} as const satisfies Record<string, BotEntry>;

/** The bots. The id is the path segment of the bot's webhook and the suffix of its variables. */
export type BotId = keyof typeof BOT_CATALOGUE;
export const BOT_IDS = Object.keys(BOT_CATALOGUE) as readonly BotId[];

/** The bots that talk to Claude. */
export type AiToolBot = {
  [B in BotId]: (typeof BOT_CATALOGUE)[B]['aiTool'] extends true ? B : never;
}[BotId];
export const AI_TOOL_BOTS: readonly AiToolBot[] = BOT_IDS.filter(
  (id): id is AiToolBot => BOT_CATALOGUE[id].aiTool,
);
export const isAiToolBot = (botId: BotId): botId is AiToolBot => BOT_CATALOGUE[botId].aiTool;

export function isBotId(value: string): value is BotId {
  return (BOT_IDS as readonly string[]).includes(value);
}

/** `pro` -> `PRO`, the suffix of TG_TOKEN_PRO, TG_WEBHOOK_SECRET_PRO and SERVICE_URL_PRO. */
export function envSuffix(botId: BotId): string {
  return botId.toUpperCase();
}

export const VERSION = '0.1.0';

/**
 * The update types the bots handle, given to setWebhook as allowed_updates so
 * Telegram does not send (and the services do not store) anything else. Only pro sends
 * invoices, so only pro ever gets a pre_checkout_query; payments themselves arrive as
 * messages (successful_payment, refunded_payment).
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'pre_checkout_query'] as const;
