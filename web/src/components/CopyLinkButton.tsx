import * as React from 'react';
import { useT } from '../i18n/I18n';
import { CheckIcon, LinkIcon } from './Icons';
import { copyText } from '../lib/clipboard';

export function CopyLinkButton({
  link,
  label,
  compact = false,
}: {
  link: string;
  /** The button's text; "Copy invite link" in the active language when left out. */
  label?: string;
  compact?: boolean;
}) {
  const t = useT();
  const [state, setState] = React.useState<'idle' | 'copied' | 'failed'>('idle');
  React.useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [state]);

  const text =
    state === 'copied'
      ? t('common.linkCopied')
      : state === 'failed'
        ? t('common.copyFailed')
        : (label ?? t('common.copyInviteLink'));
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
        {state === 'copied' ? t('common.linkCopiedToClipboard') : ''}
      </span>
    </button>
  );
}
