import type { Account, CaseDetail, CaseSummary } from '../../src/api/contract';
import { initData } from './telegram';

export type {
  Account,
  CaseDetail,
  CaseSummary,
  InstrumentHistory,
  SavedResult,
} from '../../src/api/contract';

/** What went wrong, in the specialist's words. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(
      status === 401
        ? 'Сессия устарела. Закройте панель и откройте её снова из PsycheOS Pro.'
        : status === 403
          ? 'Панель доступна только специалистам PsycheOS Pro с активным доступом.'
          : status === 404
            ? 'Не найдено: возможно, кейс удалён.'
            : 'Не удалось загрузить данные. Попробуйте ещё раз.',
    );
  }
}

async function call<T>(path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const response = await fetch(`/app/api${path}`, {
    method,
    headers: { authorization: `tma ${initData()}` },
  });
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as T;
}

export const api = {
  cases: () => call<{ cases: CaseSummary[] }>('/cases'),
  case: (id: string) => call<CaseDetail>(`/cases/${encodeURIComponent(id)}`),
  launch: (id: string, tool: string) =>
    call<{ link: string }>(
      `/cases/${encodeURIComponent(id)}/launch/${encodeURIComponent(tool)}`,
      'POST',
    ),
  account: () => call<Account>('/account'),
};
