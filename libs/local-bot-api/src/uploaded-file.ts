/** A file uploaded with a call (sendPhoto, sendDocument), as the local Bot API received it. */
export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UploadedFile).filename === 'string' &&
    Buffer.isBuffer((value as UploadedFile).bytes)
  );
}
