import { networkReason } from '@psycheos/bot-runtime';
import type { HttpError } from 'grammy';

/** The usual causes of a failed call to the Bot API, said as what to check. */
const HINTS: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve: check TELEGRAM_API_ROOT and DNS',
  EAI_AGAIN: 'DNS did not answer: check the network',
  ECONNREFUSED: 'nothing listens there: check TELEGRAM_API_ROOT',
  ECONNRESET: 'the connection was cut: a proxy or firewall in the way?',
  ETIMEDOUT: 'no answer in time: a firewall in the way?',
  UND_ERR_CONNECT_TIMEOUT: 'no answer in time: a firewall in the way?',
};

export function describeNetworkFailure(error: HttpError, apiRoot: string): string {
  const reason = networkReason(error);
  const hint = HINTS[reason.split(' ')[0] ?? ''];
  return `cannot reach the Bot API at ${apiRoot} (${reason})${hint ? `: ${hint}` : ''}`;
}
