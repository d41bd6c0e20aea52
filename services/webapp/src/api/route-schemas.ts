import { Type } from 'typebox';
import {
  Account,
  ApiRefusal,
  CaseDetail,
  CaseIdParam,
  CaseList,
  ToolLink,
  ToolParam,
} from './contract';

/**
 * What each route of the API takes and may answer, status by status. Fastify validates the
 * path against `params` before any handler runs (a failure answers 400 `invalid_request`,
 * refusals.ts) and writes each answer with the schema of its status, so only the fields
 * contract.ts names leave the server.
 *
 * Every route may refuse: 401 (initData missing, forged or too old), 403 (not an active
 * specialist) and 429 (rate limit). A 5xx other than a route's own is the server's generic
 * answer (@psycheos/platform's error handler), left unschematised.
 */
const EVERY_ROUTE_REFUSES = { 401: ApiRefusal, 403: ApiRefusal, 429: ApiRefusal } as const;

export const listCasesSchema = {
  response: { 200: CaseList, ...EVERY_ROUTE_REFUSES },
} as const;

export const showCaseSchema = {
  params: Type.Object({ caseId: CaseIdParam }),
  response: { 200: CaseDetail, 400: ApiRefusal, 404: ApiRefusal, ...EVERY_ROUTE_REFUSES },
} as const;

/** 403 also when the terms in force are not accepted; 409 for an archived case; 503 for a tool whose bot has not started. */
export const launchToolSchema = {
  params: Type.Object({ caseId: CaseIdParam, tool: ToolParam }),
  response: {
    200: ToolLink,
    400: ApiRefusal,
    404: ApiRefusal,
    409: ApiRefusal,
    503: ApiRefusal,
    ...EVERY_ROUTE_REFUSES,
  },
} as const;

export const accountSchema = {
  response: { 200: Account, ...EVERY_ROUTE_REFUSES },
} as const;
