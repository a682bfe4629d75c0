// Gives accessible names to the few controls that LiveKit's components render as bare icons
// (device-menu chevrons, tile focus buttons, the chat's close button and input, pagination).
import * as React from 'react';

type Rule = [selector: string, name: (element: Element) => string];

function participantName(element: Element): string {
  const tile = element.closest('.lk-participant-tile');
  const name = tile?.querySelector('.lk-participant-name')?.textContent?.trim();
  return name ? ` (${name})` : '';
}

const RULES: Rule[] = [
  ['.lk-button-group.audio .lk-button-menu', () => 'Choose microphone'],
  ['.lk-button-group.video .lk-button-menu', () => 'Choose camera'],
  ['.lk-prejoin input#username', () => 'Your name'],
  [
    '.lk-focus-toggle-button',
    (el) =>
      el.closest('.lk-focus-layout')
        ? 'Back to the grid'
        : `Focus on this video${participantName(el)}`,
  ],
  ['.lk-chat-header .lk-close-button', () => 'Close chat'],
  ['.lk-chat-form-input', () => 'Message'],
  ['.lk-pagination-control > button:first-of-type', () => 'Previous page'],
  ['.lk-pagination-control > button:last-of-type', () => 'Next page'],
];

function label(root: Element) {
  for (const [selector, name] of RULES) {
    for (const element of root.querySelectorAll(selector)) {
      const wanted = name(element);
      if (element.getAttribute('aria-label') !== wanted) element.setAttribute('aria-label', wanted);
    }
  }
}

export function useAccessibleNames(ref: React.RefObject<Element | null>) {
  React.useEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    label(root);
    let scheduled = false;
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        label(root);
      });
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [ref]);
}
