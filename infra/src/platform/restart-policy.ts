/**
 * When a crashed service is started again. A service that crashes now and then comes back
 * after a second; one that keeps crashing waits longer each time (1, 2, 4, 8, 16, then 30 s),
 * so a crash loop does not eat the machine the other bots share; one that crashes
 * `giveUpAfter` times within `giveUpWindowMs` is broken, not unlucky, and is left down.
 */
export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Crashes older than this no longer lengthen the wait: a service that ran long enough starts afresh. */
  backoffMemoryMs: number;
  giveUpAfter: number;
  giveUpWindowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  backoffMemoryMs: 10 * 60_000,
  giveUpAfter: 5,
  giveUpWindowMs: 60_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number }
  | { action: 'give-up'; crashes: number; windowMs: number };

/** `crashTimes`: when the service crashed, oldest first, the crash being decided on last. */
export function decideRestart(
  crashTimes: readonly number[],
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  const now = crashTimes.at(-1) ?? 0;
  const within = (ms: number) => crashTimes.filter((time) => now - time < ms).length;
  const recent = within(policy.giveUpWindowMs);
  if (recent >= policy.giveUpAfter) {
    return { action: 'give-up', crashes: recent, windowMs: policy.giveUpWindowMs };
  }
  const remembered = Math.max(1, within(policy.backoffMemoryMs));
  const delayMs = Math.min(policy.firstDelayMs * 2 ** (remembered - 1), policy.maxDelayMs);
  return { action: 'restart', delayMs };
}
