let hideLater;

/**
 * A short notice at the bottom of the page: what went wrong, in the server's words, or what a
 * bot answered a button press with. An alert (show_alert) stays until it is clicked.
 */
export function showToast(text, { isAlert = false } = {}) {
  const toast = document.querySelector('[data-testid="toast"]');
  toast.textContent = text;
  toast.hidden = false;
  toast.dataset.alert = String(isAlert);
  clearTimeout(hideLater);
  const hide = () => {
    toast.hidden = true;
  };
  toast.onclick = hide;
  if (!isAlert) hideLater = setTimeout(hide, 5000);
}
