import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { telegram } from './telegram';
import { AccountView } from './views/account-view';
import { CaseView } from './views/case-view';
import { CasesView } from './views/cases-view';

type Screen = { name: 'cases' } | { name: 'case'; id: string } | { name: 'account' };

function App() {
  const [screen, setScreen] = useState<Screen>({ name: 'cases' });

  // Telegram's own back button leaves a case for the list.
  useEffect(() => {
    const back = () => setScreen({ name: 'cases' });
    if (screen.name === 'case') {
      telegram.BackButton.show();
      telegram.BackButton.onClick(back);
    } else telegram.BackButton.hide();
    return () => telegram.BackButton.offClick(back);
  }, [screen]);

  return (
    <main>
      <nav class="tabs">
        <button
          type="button"
          class={screen.name === 'account' ? '' : 'active'}
          onClick={() => setScreen({ name: 'cases' })}
        >
          Кейсы
        </button>
        <button
          type="button"
          class={screen.name === 'account' ? 'active' : ''}
          onClick={() => setScreen({ name: 'account' })}
        >
          Аккаунт
        </button>
      </nav>
      {screen.name === 'cases' && <CasesView open={(id) => setScreen({ name: 'case', id })} />}
      {screen.name === 'case' && (
        <CaseView id={screen.id} back={() => setScreen({ name: 'cases' })} />
      )}
      {screen.name === 'account' && <AccountView />}
    </main>
  );
}

telegram.ready();
telegram.expand();
const root = document.getElementById('app');
if (root) render(<App />, root);
