import type { Database } from '@psycheos/db';
import type { Kysely } from 'kysely';
import { type ProductCatalogue, parsePayload, STARS } from './catalogue';

export type PreCheckoutVerdict = { ok: true } | { ok: false; reason: PreCheckoutRefusal };

export type PreCheckoutRefusal =
  | 'unknown_product'
  | 'price_changed'
  | 'not_a_specialist'
  | 'blocked';

export interface PreCheckoutQuery {
  from: { id: number };
  currency: string;
  total_amount: number;
  invoice_payload: string;
}

/**
 * Whether Telegram may take the payment: a product on sale now, at the price it has now
 * (an invoice sent before a price change is refused, not charged at the old price), paid
 * in Stars, by an active specialist. One indexed read, so the answer is in well under
 * Telegram's ten seconds.
 */
export async function checkPreCheckout(
  db: Kysely<Database>,
  catalogue: ProductCatalogue,
  query: PreCheckoutQuery,
): Promise<PreCheckoutVerdict> {
  const sold = parsePayload(query.invoice_payload);
  const product = sold ? catalogue.find(sold.productId) : undefined;
  if (!sold || !product || query.currency !== STARS)
    return { ok: false, reason: 'unknown_product' };
  if (product.stars !== query.total_amount || sold.stars !== query.total_amount) {
    return { ok: false, reason: 'price_changed' };
  }
  const payer = await db
    .selectFrom('users')
    .select('status')
    .where('telegram_id', '=', query.from.id)
    .where('role', '=', 'specialist')
    .executeTakeFirst();
  if (!payer) return { ok: false, reason: 'not_a_specialist' };
  if (payer.status !== 'active') return { ok: false, reason: 'blocked' };
  return { ok: true };
}
