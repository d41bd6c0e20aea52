import type { PluralForms } from './plural';

/**
 * The forms of «символ», which every bot's length limits use: after a number alone
 * (71 символ, 72 символа), and after «до», «длиннее», «больше», which take the genitive
 * (до 1 символа, длиннее 64 символов).
 */
export const characters: PluralForms = { one: 'символ', few: 'символа', many: 'символов' };
export const charactersGenitive: PluralForms = {
  one: 'символа',
  few: 'символов',
  many: 'символов',
};
