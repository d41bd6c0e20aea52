import { createProcessSignal } from '@psycheos/platform';

const repliesWritten = createProcessSignal<string>();

/**
 * Tells this process's reply senders that enqueueReplies wrote rows for a bot: its sender,
 * if it runs here, looks at once; otherwise a sender here tells the bot's sender in another
 * process (reply-sender.ts). Process-wide on purpose: replies are written by handlers, jobs
 * and event consumers all over a service (screen writes pro's crisis alerts), none of which
 * holds a sender, and the signal carries nothing but "look soon": a sender that misses it
 * finds the rows at its slow poll.
 */
export const onRepliesWritten = repliesWritten.listen;

/** `botId`: the bot the rows are for. */
export const signalRepliesWritten = repliesWritten.tell;
