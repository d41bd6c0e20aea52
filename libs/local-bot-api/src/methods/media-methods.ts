import { type ApiAnswer, accepted, badRequest } from '../api-answer';
import type { FileKind, StoredFile } from '../file-store';
import { refuseReplyMarkup } from '../keyboard-rules';
import type { StoredFileRef } from '../local-chats';
import type { RecordedCall } from '../recording';
import { refuseCaption } from '../text-rules';
import { isUploadedFile } from '../uploaded-file';
import { keyboardFieldOf, postToChat, textFieldsOf } from './chat-posting';
import type { MethodContext, MethodTable } from './method-context';

/** Photos and documents: uploaded (or sent again by file_id), kept, and served by getFile. */
export const mediaMethods: MethodTable = {
  sendPhoto: (call, context) => sendFile(call, context, 'photo'),
  sendDocument: (call, context) => sendFile(call, context, 'document'),

  getFile({ params }, { files }) {
    const file = files.describe(String(params.file_id ?? ''));
    if (!file) return badRequest('invalid file_id');
    return accepted({
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.size,
      file_path: file.filePath,
    });
  },
};

async function sendFile(
  call: RecordedCall,
  context: MethodContext,
  kind: FileKind,
): Promise<ApiAnswer> {
  const refusal = refuseCaption(call.params) ?? refuseReplyMarkup(call.params.reply_markup);
  if (refusal) return refusal;
  const file = await storedFileOf(attachedTo(call.params, kind), kind, context);
  if (typeof file === 'string') return badRequest(file);
  const ref: StoredFileRef = {
    fileId: file.fileId,
    ...(file.fileName && { fileName: file.fileName }),
    ...(file.mimeType && { mimeType: file.mimeType }),
    size: file.size,
  };
  return postToChat(call, context, {
    from: 'bot',
    ...textFieldsOf(call.params, 'caption'),
    [kind]: ref,
    ...keyboardFieldOf(call.params),
  });
}

/**
 * grammY (as the Bot API allows) puts an upload in a part of its own and names it in the
 * parameter as `attach://<part>`.
 */
function attachedTo(params: Record<string, unknown>, field: string): unknown {
  const given = params[field];
  const part = typeof given === 'string' ? /^attach:\/\/(.+)$/.exec(given)?.[1] : undefined;
  return part === undefined ? given : params[part];
}

/**
 * The file a call sends: an upload, kept now, or the file_id of one kept before. A URL is
 * refused: this API reaches nothing outside the machine to download it.
 */
async function storedFileOf(
  given: unknown,
  kind: FileKind,
  { files }: MethodContext,
): Promise<StoredFile | string> {
  if (isUploadedFile(given)) return files.save(given.bytes, kind, given.filename || undefined);
  if (given === undefined || given === '') return `there is no ${kind} in the request`;
  return files.describe(String(given)) ?? 'wrong file identifier/HTTP URL specified';
}
