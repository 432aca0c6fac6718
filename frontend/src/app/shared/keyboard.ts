/** True when a key press is meant for a text field or list, not a page shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
    || target.getAttribute('role') === 'combobox' || target.getAttribute('role') === 'listbox';
}
