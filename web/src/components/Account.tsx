// The top bar's account: "Sign in" through the server's OpenID Connect provider, or the person
// signed in with "Sign out". Both are full page loads: the server sends the browser to the
// provider and back (auth/login, auth/logout).
import { useT } from '../i18n/I18n';
import { signInNext, signInUrl, signOutUrl, userLabel } from '../lib/account';
import type { OrganizerSession } from '../lib/rooms';
import { useLocation } from '../lib/router';

/** Nothing until the server said it has a provider, or that someone is signed in through it. */
export function Account({ session }: { session?: OrganizerSession }) {
  const t = useT();
  const { pathname, search } = useLocation();
  const user = session?.user;
  if (user) {
    const name = userLabel(user);
    return (
      <div className="lkm-account" role="group" aria-label={t('shell.account')}>
        <span className="lkm-account-who">
          <span className="lkm-account-name" title={name || undefined}>
            {name ? (
              <>
                <span className="lkm-visually-hidden">{t('shell.signedInAs', { name })}</span>
                <span aria-hidden="true">{name}</span>
              </>
            ) : (
              t('shell.signedIn')
            )}
          </span>
          {user.email && user.email !== name && (
            <span className="lkm-account-email lkm-hide-narrow" title={user.email}>
              {user.email}
            </span>
          )}
        </span>
        {/* A real form: the server answers with the provider's sign-out page. */}
        <form method="post" action={signOutUrl()}>
          <button type="submit" className="lk-button lkm-ghost lkm-compact">
            {t('shell.signOut')}
          </button>
        </form>
      </div>
    );
  }
  if (!session?.signIn?.oidc) return null;
  return (
    <a className="lk-button lkm-secondary lkm-compact" href={signInUrl(signInNext(pathname, search))}>
      {t('shell.signIn')}
    </a>
  );
}
