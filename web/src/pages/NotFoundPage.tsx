import { Link } from '../lib/router';
import { PageShell } from '../components/PageShell';
import { useT } from '../i18n/I18n';
import { useDocumentTitle } from '../lib/useDocumentTitle';

export function NotFoundPage() {
  const t = useT();
  useDocumentTitle(t('notFound.title'));
  return (
    <PageShell>
      <section className="lkm-card lkm-simple-card">
        <h1>{t('notFound.title')}</h1>
        <p className="lkm-muted">{t('notFound.text')}</p>
        <Link to="/" className="lk-button lkm-secondary">
          {t('notFound.home')}
        </Link>
      </section>
    </PageShell>
  );
}
