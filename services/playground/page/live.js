import { api } from './api.js';

/**
 * Follows the chats with a long poll: the server answers as soon as anything changed (or
 * after 25 s with nothing new), and `onChange` runs before the next poll, so a burst of
 * changes (a streamed draft) is drawn as fast as the page can, never queued up.
 */
export function followChanges(version, onChange) {
  let since = version;
  const loop = async () => {
    for (;;) {
      try {
        const answer = await api.changes(since);
        if (answer.version !== since) {
          since = answer.version;
          await onChange(since);
        }
      } catch {
        // The playground restarting, or the gateway: try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  };
  loop().catch(() => {});
}
