import { initData } from './telegram';

export interface CaseSummary {
  id: string;
  label: string;
  status: 'active' | 'archived';
  createdAt: string;
  lastActivityAt: string;
}

export interface Band {
  from: number;
  to: number;
  label: string;
}

export interface InstrumentHistory {
  id: string;
  title: string;
  measures: string;
  higherIsBetter: boolean;
  range: { min: number; max: number };
  bands: Band[];
  points: { at: string; score: number; band: string }[];
}

export interface SavedResult {
  id: string;
  kind: string;
  title: string;
  version: number;
  review: string;
  createdAt: string;
  body: string;
  correction: string | null;
}

export interface CaseDetail {
  case: { id: string; label: string; status: string };
  screenings: InstrumentHistory[];
  latestAnswers: {
    completedAt: string;
    items: {
      instrumentTitle: string;
      number: number;
      text: string;
      answer: string;
      value: number;
    }[];
  } | null;
  results: SavedResult[];
  tools: string[];
}

export interface Account {
  balanceMilli: number;
  subscription: { paidUntil: string } | null;
  entries: { kind: string; amountMilli: number; at: string }[];
}

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
