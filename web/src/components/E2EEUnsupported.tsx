import { Link } from '../lib/router';
import { useT } from '../i18n/I18n';
import { LanguagePicker } from './LanguagePicker';
import { Logo } from './Logo';
import { Notice } from './Notice';

/** Shown instead of joining when the link asks for encryption the browser cannot do. */
export function E2EEUnsupported() {
  const t = useT();
  return (
    <div className="lkm-prejoin-page">
      <header className="lkm-topbar">
        <Logo />
        <LanguagePicker />
      </header>
      <main className="lkm-prejoin-main">
        <Notice
          title={t('e2ee.unsupportedTitle')}
          actions={
            <Link to="/" className="lk-button lkm-secondary">
              {t('common.backToHome')}
            </Link>
          }
        >
          {t('e2ee.unsupportedText')}
        </Notice>
      </main>
    </div>
  );
}
