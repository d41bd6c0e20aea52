import { unreadDot } from './people.js';

/** The bots, by their name and @username, as Telegram's chat list shows them. */
export function renderBots(container, { bots, currentUsername, unreadBots, onSelect }) {
  container.replaceChildren(
    ...bots.map((bot) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'bot';
      button.dataset.testid = `bot-${bot.botId}`;
      button.dataset.selected = String(bot.username === currentUsername);
      const avatar = document.createElement('span');
      avatar.className = `avatar bot-avatar bot-${bot.botId}`;
      avatar.textContent = bot.firstName.slice(0, 1).toUpperCase();
      const names = document.createElement('span');
      names.className = 'bot-names';
      const name = document.createElement('span');
      name.className = 'bot-name';
      name.textContent = bot.firstName;
      const username = document.createElement('span');
      username.className = 'bot-username';
      username.textContent = `@${bot.username}`;
      names.append(name, username);
      button.append(avatar, names);
      if (unreadBots.has(bot.username)) button.append(unreadDot());
      button.addEventListener('click', () => onSelect(bot.username));
      return button;
    }),
  );
}
