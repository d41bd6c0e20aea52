/**
 * A Russian noun's three forms after a number: `one` for 1, 21, 101 («вопрос»), `few` for
 * 2–4, 22–24 («вопроса»), `many` for 0, 5–20, 25–30, 111 («вопросов»). After a preposition
 * that governs the genitive («до», «длиннее», «около») pass the genitive forms:
 * { one: 'символа', few: 'символов', many: 'символов' }.
 */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
}

const russian = new Intl.PluralRules('ru');

/**
 * The form of the noun that goes with `count`, by the language's own rules rather than by
 * hand-written remainders (which get 11–14 and 111 wrong). A fraction (1,5 кредита) takes
 * the genitive singular, which is the `few` form.
 */
export function plural(count: number, forms: PluralForms): string {
  switch (russian.select(count)) {
    case 'one':
      return forms.one;
    case 'many':
      return forms.many;
    default:
      return forms.few;
  }
}

/**
 * The number and its noun, as a Russian reader writes them: «21 вопрос», «60 000 символов»
 * (thousands apart with a no-break space, so the number never breaks across lines).
 */
export function counted(count: number, forms: PluralForms): string {
  return `${count.toLocaleString('ru-RU')} ${plural(count, forms)}`;
}
