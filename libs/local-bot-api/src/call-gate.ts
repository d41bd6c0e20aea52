import type { RecordedCall } from './recording';

type CallMatch = (call: RecordedCall) => boolean;

/**
 * Calls a test holds back at the Bot API: each is recorded as it arrives, in the order the
 * bot sent it, and answered only when the test opens the gate. A bot's sender that has its
 * cap of calls waiting here sends nothing more, so its backlog is certain to be there for as
 * long as the test needs, on a fast machine or a loaded one; pacing by latency is not.
 */
export interface CallGate {
  /**
   * Answers the calls waiting and lets the matching ones through. With `until`, only until a
   * call that matches it arrives: the gate closes as that call is recorded, so every matching
   * call the bot sends after it waits again.
   */
  open(options?: { until?: CallMatch }): void;
  /** Holds the matching calls that arrive from now on. */
  close(): void;
}

/** The gates of one Bot API, and what its calls consult of them. */
export interface CallGates {
  /** A gate, closed, for the calls that match. */
  hold(matches: CallMatch): CallGate;
  /** Resolves when no closed gate holds the call; first closes the gates it was to close. */
  pass(call: RecordedCall): Promise<void>;
  /** Opens and forgets every gate: nothing may wait past a test or the API's end. */
  openAll(): void;
}

interface Gate extends CallGate {
  isHolding(call: RecordedCall): boolean;
  closesOn(call: RecordedCall): boolean;
  waitForOpening(): Promise<void>;
}

export function createCallGates(): CallGates {
  const gates = new Set<Gate>();
  return {
    hold(matches) {
      const gate = createGate(matches);
      gates.add(gate);
      return gate;
    },
    async pass(call) {
      for (const gate of gates) if (gate.closesOn(call)) gate.close();
      for (;;) {
        const holding = [...gates].find((gate) => gate.isHolding(call));
        if (!holding) return;
        await holding.waitForOpening();
      }
    },
    openAll() {
      for (const gate of gates) gate.open();
      gates.clear();
    },
  };
}

function createGate(matches: CallMatch): Gate {
  let isOpen = false;
  let until: CallMatch | undefined;
  let waiting: (() => void)[] = [];
  return {
    open(options = {}) {
      isOpen = true;
      until = options.until;
      for (const release of waiting) release();
      waiting = [];
    },
    close() {
      isOpen = false;
      until = undefined;
    },
    isHolding: (call) => !isOpen && matches(call),
    closesOn: (call) => isOpen && until?.(call) === true,
    waitForOpening: () => new Promise((resolve) => waiting.push(resolve)),
  };
}
