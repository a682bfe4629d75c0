// What shows of rooms with a host outside the host's drawer (HostPanel.tsx, loaded when opened):
// the button that opens it, with the count of people waiting, and the host and co-host badges.
import { useI18n, useT } from '../i18n/I18n';
import type { Translate } from '../i18n/i18n';
import { ShieldIcon } from './Icons';

export const HOST_PANEL_ID = 'lkm-host-panel';

export function hostControlsLabel(t: Translate, waiting: number): string {
  return waiting > 0 ? t('host.controlsWaiting', { count: waiting }) : t('host.controls');
}

/** A count for a badge: "7", or "99+" past 99. */
function badgeCount(t: Translate, language: string, count: number): string {
  return count > 99 ? t('host.countOverflow', { count: 99 }) : new Intl.NumberFormat(language).format(count);
}

/** Opens the drawer; shows how many guests wait. */
export function HostControlsButton({
  waiting,
  open,
  onToggle,
  showText = true,
  className = 'lk-button lkm-ghost',
}: {
  waiting: number;
  open: boolean;
  onToggle: () => void;
  showText?: boolean;
  className?: string;
}) {
  const { language, t } = useI18n();
  return (
    <button
      type="button"
      className={`${className} lkm-host-button`}
      aria-label={hostControlsLabel(t, waiting)}
      aria-expanded={open}
      aria-controls={open ? HOST_PANEL_ID : undefined}
      onClick={onToggle}
    >
      <ShieldIcon width={18} height={18} />
      {showText && <span>{t('host.controls')}</span>}
      {waiting > 0 && (
        <span className="lkm-count-badge" aria-hidden="true">
          {badgeCount(t, language, waiting)}
        </span>
      )}
    </button>
  );
}

/** "Host" beside a host's name. */
export function HostBadge({ className }: { className?: string }) {
  const t = useT();
  return (
    <span className={`lkm-badge lkm-badge-host ${className ?? ''}`} title={t('host.roleHost')}>
      {t('host.roleHost')}
    </span>
  );
}

/** "Co-host" beside a co-host's name. */
export function CohostBadge({ className }: { className?: string }) {
  const t = useT();
  return (
    <span className={`lkm-badge lkm-badge-cohost ${className ?? ''}`} title={t('host.roleCohost')}>
      {t('host.roleCohost')}
    </span>
  );
}
