import type { Account, ApiRefusal, CaseDetail, CaseList, ToolLink } from '../../src/api/contract';
import { initData } from './telegram';

export type {
  Account,
  CaseDetail,
  CaseSummary,
  InstrumentHistory,
  SavedResult,
} from '../../src/api/contract';

/** What a refusal means, in the specialist's words. */
const REFUSALS: Readonly<Record<number, string>> = {
  400: 'Неверная ссылка. Закройте панель и откройте её снова из PsycheOS Pro.',
  401: 'Сессия устарела. Закройте панель и откройте её снова из PsycheOS Pro.',
  403: 'Панель доступна только специалистам PsycheOS Pro с активным доступом.',
  404: 'Не найдено: возможно, кейс удалён.',
};
const FAILED = 'Не удалось загрузить данные. Попробуйте ещё раз.';

/**
 * Refusals whose words the server writes: a rate limit (how long to wait), and a 403 that
 * says what to do (accept the terms in pro). Any other body's message is not for a person.
 */
const SERVER_WORDS: ReadonlySet<number> = new Set([403, 429]);

/** What went wrong, in the server's words where it has them for the specialist. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    serverMessage?: string,
  ) {
    super((SERVER_WORDS.has(status) ? serverMessage : undefined) ?? REFUSALS[status] ?? FAILED);
  }
}

async function call<T>(path: string, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const response = await fetch(`/app/api${path}`, {
    method,
    headers: { authorization: `tma ${initData()}` },
  });
  if (!response.ok) throw new ApiError(response.status, await refusalMessage(response));
  return (await response.json()) as T;
}

async function refusalMessage(response: Response): Promise<string | undefined> {
  try {
    return ((await response.json()) as ApiRefusal).message;
  } catch {
    return undefined;
  }
}

export const api = {
  cases: () => call<CaseList>('/cases'),
  case: (id: string) => call<CaseDetail>(`/cases/${encodeURIComponent(id)}`),
  launch: (id: string, tool: string) =>
    call<ToolLink>(`/cases/${encodeURIComponent(id)}/launch/${encodeURIComponent(tool)}`, 'POST'),
  account: () => call<Account>('/account'),
};
