import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { StoredFileRef } from './local-chats';

export type FileKind = 'photo' | 'document';

/** A file a bot sent, as getFile describes it. */
export interface StoredFile extends StoredFileRef {
  kind: FileKind;
  fileUniqueId: string;
  /** Where GET /file/bot<token>/<filePath> serves it, as getFile gives it. */
  filePath: string;
  /** A photo's size in pixels, when its bytes tell it (PNG). */
  width?: number;
  height?: number;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
};

/** grammY uploads without a content type of its own: the name's extension tells it. */
export const mimeTypeOf = (fileName: string | undefined) =>
  MIME_TYPES[extname(fileName ?? '').toLowerCase()] ?? 'application/octet-stream';

/**
 * The photos and documents bots sent, by file_id: in memory, or under `<dataDir>/files`
 * (one file per file_id) so they outlive a restart; what is known of each is in the state
 * file with the chats.
 */
export function createFileStore(dataDir: string | undefined, onChange: () => void) {
  const files = new Map<string, StoredFile>();
  const bytesInMemory = new Map<string, Buffer>();
  const folder = dataDir === undefined ? undefined : join(dataDir, 'files');

  return {
    async save(bytes: Buffer, kind: FileKind, fileName?: string): Promise<StoredFile> {
      const fileId = `${kind}_${randomBytes(12).toString('hex')}`;
      const file: StoredFile = {
        kind,
        fileId,
        fileUniqueId: randomBytes(6).toString('hex'),
        ...(fileName && { fileName }),
        mimeType: mimeTypeOf(fileName),
        size: bytes.length,
        filePath: `${kind}s/${fileId}${extname(fileName ?? '')}`,
        ...(kind === 'photo' && pngSizeOf(bytes)),
      };
      if (folder) {
        await mkdir(folder, { recursive: true });
        await writeFile(join(folder, fileId), bytes);
      } else {
        bytesInMemory.set(fileId, bytes);
      }
      files.set(fileId, file);
      onChange();
      return file;
    },
    describe: (fileId: string) => files.get(fileId),
    byPath: (filePath: string) => [...files.values()].find((file) => file.filePath === filePath),
    read(fileId: string): { bytes: Buffer; fileName?: string; mimeType?: string } | undefined {
      const file = files.get(fileId);
      if (!file) return undefined;
      const bytes = folder ? readKept(join(folder, fileId)) : bytesInMemory.get(fileId);
      return bytes && { bytes, fileName: file.fileName, mimeType: file.mimeType };
    },
    snapshot: (): StoredFile[] => [...files.values()],
    restore(kept: StoredFile[]): void {
      for (const file of kept) files.set(file.fileId, file);
    },
    async clear(): Promise<void> {
      files.clear();
      bytesInMemory.clear();
      if (folder) await rm(folder, { recursive: true, force: true });
      onChange();
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;

/** The bytes of a kept file, or undefined when someone removed it from the folder. */
function readKept(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG names its width and height in its first chunk (IHDR), right after the signature. */
function pngSizeOf(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
