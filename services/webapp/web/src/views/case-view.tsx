import { useState } from 'preact/hooks';
import { ApiError, api, type InstrumentHistory, type SavedResult } from '../api';
import { day, toolTitles } from '../format';
import { openTool } from '../telegram';
import { MarkdownText } from './markdown-text';
import { ScoreChart } from './score-chart';
import { useLoad } from './use-load';

/** One case: its screening charts, the latest answers, the saved results, and its tools. */
export function CaseView(props: { id: string; back: () => void }) {
  const loaded = useLoad(() => api.case(props.id), props.id);
  const [launchError, setLaunchError] = useState('');
  if (loaded.state === 'loading') return <p class="hint">Загрузка…</p>;
  if (loaded.state === 'error') return <p class="error">{loaded.message}</p>;
  const detail = loaded.value;

  const launch = async (tool: string) => {
    setLaunchError('');
    try {
      openTool((await api.launch(props.id, tool)).link);
    } catch (error) {
      setLaunchError(error instanceof ApiError ? error.message : 'Не удалось открыть инструмент.');
    }
  };

  return (
    <section>
      <button type="button" class="link" onClick={props.back}>
        ← Все кейсы
      </button>
      <h1>{detail.case.label}</h1>
      {detail.tools.length > 0 && (
        <div class="tools">
          {detail.tools.map((tool) => (
            <button type="button" key={tool} onClick={() => launch(tool)}>
              {toolTitles[tool] ?? tool}
            </button>
          ))}
        </div>
      )}
      {launchError && <p class="error">{launchError}</p>}

      <h2>Скрининги</h2>
      {detail.screenings.length === 0 ? (
        <p class="hint">Клиент ещё не проходил скрининг.</p>
      ) : (
        detail.screenings.map((history) => (
          <ScoreChart key={history.id} history={history} span={spanOf(detail.screenings)} />
        ))
      )}

      {detail.latestAnswers && (
        <details class="card">
          <summary>Последние ответы ({day(detail.latestAnswers.completedAt)})</summary>
          <ol class="answers">
            {detail.latestAnswers.items.map((item) => (
              <li key={`${item.instrumentTitle}-${item.number}`}>
                <span class="hint">
                  {item.instrumentTitle}, пункт {item.number}
                </span>
                <div>{item.text}</div>
                <strong>
                  {item.answer} ({item.value})
                </strong>
              </li>
            ))}
          </ol>
        </details>
      )}

      <h2>Результаты инструментов</h2>
      {detail.results.length === 0 ? (
        <p class="hint">Сохранённых результатов пока нет.</p>
      ) : (
        detail.results.map((result) => <ResultCard key={result.id} result={result} />)
      )}
    </section>
  );
}

/** The first and last screening of the case, in seconds: every chart spans the same dates. */
function spanOf(histories: InstrumentHistory[]): [number, number] {
  const times = histories.flatMap((history) =>
    history.points.map((point) => new Date(point.at).getTime() / 1000),
  );
  return [Math.min(...times), Math.max(...times)];
}

function ResultCard(props: { result: SavedResult }) {
  const { result } = props;
  return (
    <details class="card result">
      <summary>
        {result.title}
        {result.version > 1 ? ` (версия ${result.version})` : ''}
        <span class="hint">
          {' '}
          · {day(result.createdAt)} · {result.review === 'checked' ? 'проверено' : 'черновик'}
        </span>
      </summary>
      <MarkdownText text={result.body} />
      {result.correction && (
        <div class="correction">
          <strong>Поправка специалиста:</strong> {result.correction}
        </div>
      )}
    </details>
  );
}
