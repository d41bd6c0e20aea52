/** `text` as a regular expression's source, every character meaning itself. */
export const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
