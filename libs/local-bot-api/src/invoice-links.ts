import type { ChatInvoice } from './local-chats';

/** An invoice made by createInvoiceLink: it lives outside any chat, until someone pays it. */
export interface InvoiceLink {
  link: string;
  botId: number;
  invoice: ChatInvoice;
}

/** The invoice links bots made, so the person can pay one (payInvoice with `{ link }`). */
export function createInvoiceLinks(onChange: () => void) {
  const links = new Map<string, InvoiceLink>();
  let nextNumber = 1;

  return {
    create(botId: number, invoice: ChatInvoice): string {
      // t.me/$<slug> is the shape of Telegram's invoice links.
      const link = `https://t.me/$fake_invoice_${nextNumber++}`;
      links.set(link, { link, botId, invoice });
      onChange();
      return link;
    },
    find: (link: string) => links.get(link),
    snapshot: (): InvoiceLink[] => [...links.values()],
    restore(kept: InvoiceLink[]): void {
      for (const link of kept) {
        links.set(link.link, link);
        const number = Number(/_(\d+)$/.exec(link.link)?.[1] ?? 0);
        nextNumber = Math.max(nextNumber, number + 1);
      }
    },
    /** Forgets the links; numbers keep counting, so an old link never pays a new invoice. */
    clear(): void {
      links.clear();
      onChange();
    },
  };
}

export type InvoiceLinks = ReturnType<typeof createInvoiceLinks>;
