import { describe, expect, it } from 'vitest';
import { counted, plural } from '../src/russian/plural';

const questions = { one: 'вопрос', few: 'вопроса', many: 'вопросов' };

describe('Russian plural forms', () => {
  it('picks the form a Russian reader expects for each number', () => {
    const forms = [1, 2, 5, 11, 21, 22, 25, 111].map((n) => `${n} ${plural(n, questions)}`);
    expect(forms).toEqual([
      '1 вопрос',
      '2 вопроса',
      '5 вопросов',
      '11 вопросов',
      '21 вопрос',
      '22 вопроса',
      '25 вопросов',
      '111 вопросов',
    ]);
  });

  it('says nothing for zero and the teens but the many form', () => {
    expect([0, 12, 13, 14, 112].map((n) => plural(n, questions))).toEqual(
      Array(5).fill('вопросов'),
    );
  });

  it('gives a fraction the genitive singular: 0,5 кредита, 1,5 кредита', () => {
    const credits = { one: 'кредит', few: 'кредита', many: 'кредитов' };
    expect([0.5, 1.5, 2.25].map((n) => plural(n, credits))).toEqual([
      'кредита',
      'кредита',
      'кредита',
    ]);
  });

  it('writes the number as a Russian reader does, thousands apart', () => {
    const characters = { one: 'символ', few: 'символа', many: 'символов' };
    expect(counted(71, characters)).toBe('71 символ');
    expect(counted(60_000, characters)).toBe('60\u00a0000 символов');
  });
});
