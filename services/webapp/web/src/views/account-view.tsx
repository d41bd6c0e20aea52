import { api } from '../api';
import { credits, day, entryTitles } from '../format';
import { useLoad } from './use-load';

/** The balance and the latest ledger entries; buying stays in the chat (/balance in pro). */
export function AccountView() {
  const loaded = useLoad(() => api.account(), 'account');
  if (loaded.state === 'loading') return <p class="hint">Загрузка…</p>;
  if (loaded.state === 'error') return <p class="error">{loaded.message}</p>;
  const account = loaded.value;
  return (
    <section>
      <div class="card">
        <div class="hint">Кредитов на балансе</div>
        <div class="balance">{credits(account.balanceMilli)}</div>
        <div class="hint">
          {account.subscription
            ? `Подписка оплачена до ${day(account.subscription.paidUntil)}`
            : 'Подписки нет. Пополнить баланс: /balance в чате PsycheOS Pro.'}
        </div>
      </div>
      <h2>Последние операции</h2>
      {account.entries.length === 0 ? (
        <p class="hint">Операций пока не было.</p>
      ) : (
        <ul class="entries">
          {account.entries.map((entry) => (
            <li key={`${entry.at}-${entry.kind}-${entry.amountMilli}`}>
              <span>{entryTitles[entry.kind] ?? entry.kind}</span>
              <span class={entry.amountMilli < 0 ? 'minus' : 'plus'}>
                {entry.amountMilli > 0 ? '+' : ''}
                {credits(entry.amountMilli)}
              </span>
              <span class="hint">{day(entry.at)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
