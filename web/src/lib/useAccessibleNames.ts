// Gives accessible names to the few controls that LiveKit's components render as bare icons
// (device-menu chevrons, tile focus buttons, the chat's close button and input, pagination), and
// puts in the person's language the few words those components write themselves with no prop to
// change them (the chat's heading, placeholder and send button, the page count).
import * as React from 'react';
import { useT } from '../i18n/I18n';
import type { Translate } from '../i18n/i18n';

type Rule = [selector: string, apply: (element: Element, t: Translate) => void];

function participantName(element: Element): string | undefined {
  const tile = element.closest('.lk-participant-tile');
  return tile?.querySelector('.lk-participant-name')?.textContent?.trim() || undefined;
}

function setAttribute(element: Element, name: string, value: string) {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

const name = (key: Parameters<Translate>[0]) => (element: Element, t: Translate) =>
  setAttribute(element, 'aria-label', t(key));

/** Replaces the element's own words (its first non-blank text, not that of its child elements). */
function setText(element: Element, value: string) {
  for (const node of element.childNodes) {
    if (node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) continue;
    if (node.textContent !== value) node.textContent = value;
    return;
  }
}

const RULES: Rule[] = [
  ['.lk-button-group.audio .lk-button-menu', name('meeting.chooseMicrophone')],
  ['.lk-button-group.video .lk-button-menu', name('meeting.chooseCamera')],
  ['.lk-prejoin input#username', name('meeting.yourName')],
  [
    '.lk-focus-toggle-button',
    (el, t) => {
      const who = participantName(el);
      const label = el.closest('.lk-focus-layout')
        ? t('meeting.backToGrid')
        : who
          ? t('meeting.focusVideoOf', { name: who })
          : t('meeting.focusVideo');
      setAttribute(el, 'aria-label', label);
    },
  ],
  ['.lk-chat-header', (el, t) => setText(el, t('meeting.chatTitle'))],
  ['.lk-chat-header .lk-close-button', name('meeting.closeChat')],
  [
    '.lk-chat-form-input',
    (el, t) => {
      setAttribute(el, 'aria-label', t('meeting.chatMessage'));
      setAttribute(el, 'placeholder', t('meeting.chatPlaceholder'));
    },
  ],
  ['.lk-chat-form-button', (el, t) => setText(el, t('meeting.chatSend'))],
  ['.lk-pagination-control > button:first-of-type', name('meeting.previousPage')],
  ['.lk-pagination-control > button:last-of-type', name('meeting.nextPage')],
  [
    // LiveKit writes "2 of 3"; the numbers are read back from whatever the count says.
    '.lk-pagination-count',
    (el, t) => {
      const [page, pages] = el.textContent?.match(/\d+/g) ?? [];
      if (page && pages) setText(el, t('meeting.pageOfPages', { page: Number(page), pages: Number(pages) }));
    },
  ],
];

function label(root: Element, t: Translate) {
  for (const [selector, apply] of RULES) {
    for (const element of root.querySelectorAll(selector)) apply(element, t);
  }
}

export function useAccessibleNames(ref: React.RefObject<Element | null>) {
  const t = useT();
  React.useEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    label(root, t);
    let scheduled = false;
    let stopped = false;
    const observer = new MutationObserver(() => {
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        // Another language's words must not come back after a change.
        if (!stopped) label(root, t);
      });
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => {
      stopped = true;
      observer.disconnect();
    };
  }, [ref, t]);
}
