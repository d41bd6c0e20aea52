import { describe, expect, it } from 'vitest';
import type { PlaygroundPerson } from '../src/people-store';
import { isUnderDashboard, signInitData, webAppLaunchUrl } from '../src/web-app-launch';

const PRO_TOKEN = '7100000001:playground-test-pro-token';
const MARIA: PlaygroundPerson = {
  id: 700_000_002,
  firstName: 'Мария Ивановна',
  role: 'specialist',
};
const NOW = new Date('2026-03-01T10:00:00Z');

describe('Mini App launch data', () => {
  it('carries the fields Telegram gives a Mini App opened from a button', () => {
    const fields = new URLSearchParams(signInitData(MARIA, PRO_TOKEN, NOW));
    expect([...fields.keys()]).toEqual(['query_id', 'user', 'auth_date', 'hash']);
    expect(JSON.parse(fields.get('user') ?? '')).toEqual({
      id: MARIA.id,
      first_name: 'Мария Ивановна',
      language_code: 'ru',
      allows_write_to_pm: true,
    });
    expect(fields.get('auth_date')).toBe(String(NOW.getTime() / 1000));
  });

  it("puts the launch parameters in the address's hash, where the Mini App SDK reads them", () => {
    const initData = signInitData(MARIA, PRO_TOKEN, NOW);
    const launch = new URL(webAppLaunchUrl('http://localhost:8080/app/', initData));
    expect(`${launch.origin}${launch.pathname}`).toBe('http://localhost:8080/app/');
    const hash = new URLSearchParams(launch.hash.slice(1));
    expect(hash.get('tgWebAppData')).toBe(initData);
    expect(hash.get('tgWebAppVersion')).toBe('8.0');
    expect(hash.get('tgWebAppPlatform')).toBe('web');
    const theme = JSON.parse(hash.get('tgWebAppThemeParams') ?? '{}');
    expect(theme.bg_color).toBe('#ffffff');
    expect(theme.text_color).toBe('#000000');
  });
});

describe('which addresses are the dashboard', () => {
  const dashboard = 'http://localhost:8080/app';

  it('is the dashboard and the pages under it', () => {
    for (const url of [
      'http://localhost:8080/app',
      'http://localhost:8080/app/',
      'http://localhost:8080/app/cases/1?tab=screenings',
    ]) {
      expect(isUnderDashboard(url, dashboard)).toBe(true);
    }
  });

  it('is not a look-alike path, another origin, or not an address at all', () => {
    for (const url of [
      'http://localhost:8080/application',
      'http://localhost:8080/playground',
      'http://localhost:8081/app',
      'https://localhost:8080/app',
      'http://evil.example/app',
      'http://localhost:8080.evil.example/app',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isUnderDashboard(url, dashboard)).toBe(false);
    }
  });
});
