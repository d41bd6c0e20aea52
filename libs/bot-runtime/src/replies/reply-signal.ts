type Listener = (botId: string) => void;

const listeners = new Set<Listener>();

/**
 * Tells this process's reply senders that enqueueReplies wrote rows for a bot: its sender,
 * if it runs here, looks at once; otherwise a sender here tells the bot's sender in another
 * process (reply-sender.ts). Process-wide on purpose: replies are written by handlers, jobs
 * and event consumers all over a service (screen writes pro's crisis alerts), none of which
 * holds a sender, and the signal carries nothing but "look soon": a sender that misses it
 * finds the rows at its slow poll.
 */
export function onRepliesWritten(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalRepliesWritten(botId: string): void {
  for (const listener of listeners) listener(botId);
}
