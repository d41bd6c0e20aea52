import { useState } from 'preact/hooks';
import { api } from '../api';
import { day } from '../format';
import { useLoad } from './use-load';

/** The specialist's cases: active or archived, searchable by label, newest activity first. */
export function CasesView(props: { open: (id: string) => void }) {
  const loaded = useLoad(() => api.cases(), 'cases');
  const [query, setQuery] = useState('');
  const [archived, setArchived] = useState(false);
  if (loaded.state === 'loading') return <p class="hint">Загрузка…</p>;
  if (loaded.state === 'error') return <p class="error">{loaded.message}</p>;
  const needle = query.trim().toLocaleLowerCase('ru-RU');
  const shown = loaded.value.cases.filter(
    (item) =>
      (item.status === 'archived') === archived &&
      item.label.toLocaleLowerCase('ru-RU').includes(needle),
  );
  return (
    <section>
      <input
        class="search"
        type="search"
        placeholder="Поиск по названию кейса"
        value={query}
        onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
      />
      <div class="switch">
        <button type="button" class={archived ? '' : 'active'} onClick={() => setArchived(false)}>
          Активные
        </button>
        <button type="button" class={archived ? 'active' : ''} onClick={() => setArchived(true)}>
          Архив
        </button>
      </div>
      {shown.length === 0 ? (
        <p class="hint">{needle ? 'Ничего не найдено.' : 'Кейсов пока нет.'}</p>
      ) : (
        <ul class="cases">
          {shown.map((item) => (
            <li key={item.id}>
              <button type="button" onClick={() => props.open(item.id)}>
                <span class="label">{item.label}</span>
                <span class="hint">активность {day(item.lastActivityAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
