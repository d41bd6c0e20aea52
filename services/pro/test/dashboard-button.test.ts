import { type ServiceHarness, startServiceHarness } from '@psycheos/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { ADMIN, registerThroughInvite, startProBot } from './pro-chat';

const DASHBOARD = 'https://psycheos.example.org/app';

interface Button {
  text: string;
  web_app?: { url: string };
}

describe('pro bot: the dashboard button', () => {
  let pro: ServiceHarness;
  let withoutDashboard: ServiceHarness;
  beforeAll(async () => {
    pro = await startServiceHarness({
      botId: 'pro',
      buildApp,
      env: { ADMIN_IDS: String(ADMIN.id), WEBAPP_URL: DASHBOARD },
    });
    withoutDashboard = await startProBot();
  });
  afterAll(async () => {
    await pro.close();
    await withoutDashboard.close();
  });

  it('offers «📊 Панель» in the main menu, answered with an inline Mini App button (which carries initData)', async () => {
    const chat = await registerThroughInvite(pro, { id: 930_001, first_name: 'Ирина' });
    // A reply-keyboard Mini App would open without initData: the menu's button is plain text.
    const menu = chat.replyKeyboard();
    expect(menu).toContain('📊 Панель');
    const keyboards = pro.telegram
      .callsTo('sendMessage')
      .map((call) => call.params.reply_markup as { keyboard?: Button[][] } | undefined)
      .flatMap((markup) => markup?.keyboard?.flat() ?? []);
    expect(keyboards.some((button) => button.web_app)).toBe(false);

    await chat.send('📊 Панель');
    const inline = chat.inlineButtons();
    expect(inline).toEqual([{ text: '📊 Открыть панель', web_app: { url: DASHBOARD } }]);
    await chat.send('/dashboard');
    expect(chat.inlineButtons()).toEqual(inline);
  });

  it('shows no dashboard button where WEBAPP_URL is not set', async () => {
    const chat = await registerThroughInvite(withoutDashboard, { id: 930_002, first_name: 'Олег' });
    expect(chat.replyKeyboard()).not.toContain('📊 Панель');
  });
});
