/** Why a typed name or note was refused. */
export type FreeTextProblem =
  | { kind: 'empty' }
  | { kind: 'too_long'; length: number }
  | { kind: 'command' };

export type FreeTextResult = { ok: true; value: string } | ({ ok: false } & FreeTextProblem);

/**
 * A case name or invite note as the person typed it, trimmed. Length counts characters
 * as people see them (code points), so an emoji is one, not two UTF-16 units.
 * Anything else (RTL text, zero-width characters) is stored as given: messages are plain text.
 */
export function readFreeText(text: string, maxLength: number): FreeTextResult {
  const value = text.trim();
  if (value.length === 0) return { ok: false, kind: 'empty' };
  if (/^\/[A-Za-z0-9_]+(@\w+)?(\s|$)/.test(value)) return { ok: false, kind: 'command' };
  const length = [...value].length;
  if (length > maxLength) return { ok: false, kind: 'too_long', length };
  return { ok: true, value };
}
