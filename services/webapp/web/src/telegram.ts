import WebAppImport from '@twa-dev/sdk';

/**
 * Telegram's Mini App SDK, bundled (not loaded from telegram.org), so the page runs under a
 * CSP of 'self' only. It reads the launch parameters (tgWebAppData, the theme) from the
 * URL's hash, as Telegram passes them, and keeps the --tg-theme-* CSS variables current.
 * The package is CommonJS: the bundler hands its exports object over as the default import,
 * with the SDK itself on `default`.
 */
const imported = WebAppImport as typeof WebAppImport & { default?: typeof WebAppImport };
export const telegram = imported.default ?? imported;

/** The signed launch data every API call carries; empty outside Telegram. */
export const initData = (): string => telegram.initData;

export function openTool(link: string): void {
  telegram.openTelegramLink(link);
}
