import { MILLI } from './billing-config';

/**
 * Millicredits as a Russian reader writes a number: "12,5", "−3,25", "1 500". Two decimals
 * at most; an amount smaller than that shows as "0,01" rather than vanishing.
 */
export function formatCredits(milli: number): string {
  const sign = milli < 0 ? '−' : '';
  const hundredths = Math.max(Math.round(Math.abs(milli) / (MILLI / 100)), milli === 0 ? 0 : 1);
  const whole = Math.floor(hundredths / 100).toLocaleString('ru-RU');
  const fraction = hundredths % 100;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole},${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}
