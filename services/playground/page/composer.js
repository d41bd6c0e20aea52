/**
 * The message box: Enter sends, Shift+Enter starts a new line, as in Telegram's web client.
 * It grows with its text up to a few lines.
 */
export function setupComposer(form, onSend) {
  const box = form.querySelector('[data-testid="composer"]');
  const fit = () => {
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
  };
  const submit = () => {
    const text = box.value;
    if (!text.trim()) return;
    box.value = '';
    fit();
    onSend(text);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  box.addEventListener('input', fit);
  box.addEventListener('keydown', (event) => {
    // isComposing: Enter that ends an input method's composition is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  return { focus: () => box.focus() };
}
