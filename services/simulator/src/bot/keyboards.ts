import { InlineKeyboard } from 'grammy';
import { texts } from '../texts';
import { CALLBACK } from './callback-data';

/** Under a persona ready to be played: start, or choose another. */
export const readyKeyboard = () =>
  new InlineKeyboard()
    .text(texts.buttons.start, CALLBACK.start)
    .row()
    .text(texts.buttons.library, CALLBACK.library)
    .text(texts.buttons.describe, CALLBACK.describe);

/** Under every line of the client's: the way out of the role-play. */
export const finishKeyboard = () =>
  new InlineKeyboard().text(texts.buttons.finish, CALLBACK.finish);

export const againButtonRow = () => [{ text: texts.buttons.again, callback_data: CALLBACK.again }];
