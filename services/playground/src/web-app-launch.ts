import { createHmac, randomBytes } from 'node:crypto';
import type { PlaygroundPerson } from './people-store';

/** The Bot API version the launch parameters claim: the dashboard's SDK checks features by it. */
const WEB_APP_VERSION = '8.0';

/** Telegram's light theme, as its web client passes it (tgWebAppThemeParams). */
const LIGHT_THEME = {
  bg_color: '#ffffff',
  text_color: '#000000',
  hint_color: '#707579',
  link_color: '#3390ec',
  button_color: '#3390ec',
  button_text_color: '#ffffff',
  secondary_bg_color: '#f4f4f5',
  header_bg_color: '#ffffff',
  accent_text_color: '#3390ec',
  section_bg_color: '#ffffff',
  section_header_text_color: '#3390ec',
  subtitle_text_color: '#707579',
  destructive_text_color: '#e53935',
  bottom_bar_bg_color: '#ffffff',
};

/**
 * Launch data signed as Telegram signs it for a Mini App opened from a bot's button
 * (core.telegram.org/bots/webapps, "Validating data received via the Mini App"): every field
 * but `hash` as key=value, sorted by key and joined by newlines, HMAC-SHA256'd under the key
 * HMAC-SHA256(bot token, "WebAppData"). services/webapp checks exactly this, so the dashboard
 * knows the person without Telegram.
 */
export function signInitData(person: PlaygroundPerson, botToken: string, now: Date): string {
  const fields: Record<string, string> = {
    query_id: `AAH${randomBytes(12).toString('base64url')}`,
    user: JSON.stringify({
      id: person.id,
      first_name: person.firstName,
      language_code: 'ru',
      allows_write_to_pm: true,
    }),
    auth_date: String(Math.floor(now.getTime() / 1000)),
  };
  const dataCheckString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secretKey = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const hash = createHmac('sha256', secretKey).update(dataCheckString).digest('hex');
  return Object.entries({ ...fields, hash })
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

/**
 * The Mini App's address with the launch parameters in its hash, where Telegram's web client
 * puts them and the Mini App SDK reads them.
 */
export function webAppLaunchUrl(url: string, initData: string): string {
  const launch = new URL(url);
  launch.hash = [
    `tgWebAppData=${encodeURIComponent(initData)}`,
    `tgWebAppVersion=${WEB_APP_VERSION}`,
    'tgWebAppPlatform=web',
    `tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(LIGHT_THEME))}`,
  ].join('&');
  return launch.toString();
}

/**
 * Whether `url` is the dashboard or a page under it: only there does the playground hand out
 * signed launch data. Compared as origin plus path segments, so /application is not /app.
 */
export function isUnderDashboard(url: string, dashboardUrl: string): boolean {
  let candidate: URL;
  try {
    candidate = new URL(url);
  } catch {
    return false;
  }
  const dashboard = new URL(dashboardUrl);
  if (candidate.origin !== dashboard.origin) return false;
  const base = dashboard.pathname.replace(/\/+$/, '');
  return candidate.pathname === base || candidate.pathname.startsWith(`${base}/`) || base === '';
}
