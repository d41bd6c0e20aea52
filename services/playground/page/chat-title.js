import { personLabel } from './people.js';

/** The chat's header: the bot's name and @username, and who you are in this chat. */
export function renderChatTitle(title, bot, person) {
  title.replaceChildren();
  if (!bot) {
    title.textContent = 'Нет ботов: песочница запущена без них';
    return;
  }
  const name = document.createElement('div');
  name.className = 'chat-name';
  name.textContent = bot.firstName;
  const username = document.createElement('div');
  username.className = 'chat-username';
  username.textContent = `@${bot.username} · бот`;
  const names = document.createElement('div');
  names.append(name, username);
  const who = document.createElement('div');
  who.className = 'chat-person';
  who.textContent = person ? `вы: ${personLabel(person)}` : '';
  title.append(names, who);
}
