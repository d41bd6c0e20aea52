import type { Person } from '@psycheos/testkit';
import { literal } from './patterns';
import { ADMIN } from './people';
import type { Platform } from './platform';
import { linkIn, openLink, TelegramChat } from './telegram-chat';

/**
 * The admin makes an invite for `person` in pro, and the person opens its link and accepts
 * the terms: their chat with pro, registered. One at a time: the admin's chat is one
 * conversation.
 */
export async function registerSpecialist(platform: Platform, person: Person) {
  const admin = new TelegramChat(platform, ADMIN, 'pro');
  await admin.send('/admin');
  await admin.send('🔗 Создать приглашение');
  await admin.waitForText(/^Кому приглашение\?/);
  await admin.send(`Для ${person.first_name}`);
  const invite = await admin.waitForText(/^🔗 Приглашение создано/);
  const pro = await openLink(platform, person, linkIn(invite));
  await pro.waitForText(/^📄 Прежде чем начать, прочитайте условия работы/);
  await pro.press('✅ Принимаю');
  await pro.waitForText(
    `Добро пожаловать в PsycheOS Pro, ${person.first_name}! Регистрация завершена.`,
  );
  return pro;
}

export async function createCase(pro: TelegramChat, name: string): Promise<void> {
  await pro.send('➕ Новый кейс');
  await pro.waitForText(/^Как назовём кейс\?/);
  await pro.send(name);
  await pro.waitForText(`✅ Кейс «${name}» создан.`);
}

/** «📁 Мои кейсы» → the case: its card, with the case's buttons. */
export async function openCaseCard(pro: TelegramChat, name: string): Promise<void> {
  await pro.send('📁 Мои кейсы');
  await pro.press(name);
  await pro.waitForText(new RegExp(`^📄 Кейс: ${literal(name)}\\n`));
}

/**
 * The case card's «🧰 Инструменты» → the tool → its one-time link, opened: the specialist's
 * chat with the tool's bot, its session open for the case.
 */
export async function openTool(
  pro: TelegramChat,
  caseName: string,
  title: string,
): Promise<TelegramChat> {
  await openCaseCard(pro, caseName);
  await pro.press('🧰 Инструменты');
  await pro.press(title);
  const tool = await pro.follow(await pro.linkOf(`▶️ Открыть «${title}»`));
  await tool.waitForText(`${title} открыт для кейса «${caseName}».\n\n/finish — завершить сессию.`);
  return tool;
}

/**
 * The main menu's «🎓 Тренажёр» → its one-time link, opened: the specialist's chat with the
 * Симулятор, practising with a fictional client, bound to no case.
 */
export async function openTrainer(pro: TelegramChat): Promise<TelegramChat> {
  await pro.send('🎓 Тренажёр');
  const simulator = await pro.follow(await pro.linkOf('▶️ Открыть «Симулятор»'));
  await simulator.waitForText(/^Симулятор открыт как тренажёр\./);
  return simulator;
}
