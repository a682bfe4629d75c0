import * as React from 'react';
import { CheckIcon, LinkIcon } from './Icons';

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older browsers and insecure origins: a hidden text area and the copy command.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

export function CopyLinkButton({
  link,
  label = 'Copy invite link',
  compact = false,
}: {
  link: string;
  label?: string;
  compact?: boolean;
}) {
  const [state, setState] = React.useState<'idle' | 'copied' | 'failed'>('idle');
  React.useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const text = state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy failed' : label;
  return (
    <button
      type="button"
      className={`lk-button lkm-ghost ${compact ? 'lkm-compact' : ''}`}
      aria-label={text}
      title={compact ? text : undefined}
      onClick={() => {
        copyText(link).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      {state === 'copied' ? <CheckIcon width={16} height={16} /> : <LinkIcon width={16} height={16} />}
      <span className={compact ? 'lkm-hide-narrow' : undefined}>{text}</span>
      <span className="lkm-visually-hidden" aria-live="polite">
        {state === 'copied' ? 'Link copied to the clipboard' : ''}
      </span>
    </button>
  );
}
