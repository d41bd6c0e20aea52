import { normalizeForQuote } from '@psycheos/ai';
import type { Database, ToolSession } from '@psycheos/db';
import type { Kysely } from 'kysely';

export type Speaker = 'therapist' | 'client';
export interface TranscriptLine {
  speaker: Speaker;
  text: string;
}

/**
 * The role-play as it happened: every exchange of the session's current topic, condensed
 * or not (the supervisor scores the whole session, not what fits the role-play's window).
 * The specialist's lines are the conversation's user turns, the client's its assistant turns.
 */
export async function loadTranscript(
  db: Kysely<Database>,
  session: Pick<ToolSession, 'session_id' | 'topic'>,
): Promise<TranscriptLine[]> {
  const rows = await db
    .selectFrom('ai_messages')
    .select(['role', 'content'])
    .where('session_id', '=', session.session_id)
    .where('topic', '=', session.topic)
    .orderBy('message_id')
    .execute();
  return rows.map((row) => ({
    speaker: row.role === 'user' ? 'therapist' : 'client',
    text: row.content,
  }));
}

const LABEL: Record<Speaker, string> = { therapist: 'Терапевт', client: 'Клиент' };

export const transcriptText = (lines: readonly TranscriptLine[]): string =>
  lines.map((line) => `${LABEL[line.speaker]}: ${line.text}`).join('\n\n');

/**
 * Who said the quoted words, or null when no single line of the transcript contains them:
 * a quote the model made up, paraphrased or stitched from two lines is not evidence. A
 * leading "Терапевт:" / "Клиент:" copied with the quote is allowed.
 */
export function findSpeaker(quote: string, lines: readonly TranscriptLine[]): Speaker | null {
  const needle = normalizeForQuote(quote)
    .replace(/^(терапевт|клиент)\s*:\s*/, '')
    .replace(/^\.+|\.+$/g, '')
    .trim();
  if (needle.length === 0) return null;
  const line = lines.find((candidate) => normalizeForQuote(candidate.text).includes(needle));
  return line?.speaker ?? null;
}
