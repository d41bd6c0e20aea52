import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatStoreSnapshot } from './chat-store';
import type { StoredFile } from './file-store';
import type { InvoiceLink } from './invoice-links';

/** Everything the local Bot API keeps under dataDir, besides the files' bytes. */
export interface KeptState {
  format: 1;
  chats: ChatStoreSnapshot;
  files: StoredFile[];
  invoiceLinks: InvoiceLink[];
  /** The last update_id given to each bot, by its token's id. */
  lastUpdateIds: Record<string, number>;
}

const STATE_FILE = 'chats.json';
/** A burst of changes (a streamed answer, a page of messages) is written once. */
const SAVE_DELAY_MS = 200;

export async function loadState(dataDir: string): Promise<KeptState | undefined> {
  try {
    const kept = JSON.parse(await readFile(join(dataDir, STATE_FILE), 'utf8')) as KeptState;
    return kept.format === 1 ? kept : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${join(dataDir, STATE_FILE)} cannot be read; move it away to start afresh`, {
      cause: error,
    });
  }
}

/**
 * Writes the state ~200 ms after a change, whole and atomically (a temporary file renamed
 * over the old one), so a crash mid-write leaves the previous state rather than half a file.
 * Writes never overlap; `flush` writes now and resolves once what was asked is on disk.
 */
export function createStateWriter(dataDir: string, snapshot: () => KeptState) {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = async () => {
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, STATE_FILE);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot()));
    await rename(temporary, path);
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write).catch((error: unknown) => {
      // A save in the background has no caller to tell: Node prints warnings once.
      process.emitWarning(`the local Bot API could not save its chats: ${String(error)}`);
    });
    return writing;
  };

  let isClosed = false;

  return {
    schedule(): void {
      if (!isClosed) timer ??= setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    flush,
    /** Writes what is left; a change after this (a late answer) is not saved any more. */
    close(): Promise<void> {
      isClosed = true;
      return flush();
    },
  };
}

export type StateWriter = ReturnType<typeof createStateWriter>;
