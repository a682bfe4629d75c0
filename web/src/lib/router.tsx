// The app's router: a handful of pages under the configured base path, on the History API.
// <Router> holds the location and answers the back and forward buttons; <Routes> shows the first
// page whose pattern (paths.ts) matches; <Link> and useNavigate() move without reloading.
import * as React from 'react';
import { appPathname, browserHref, matchPath } from './paths';

export interface AppLocation {
  /** The app path, without the base path: '/rooms/x'. */
  pathname: string;
  /** '' or '?…'. */
  search: string;
  /** '' or '#…'. */
  hash: string;
}

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one. */
  replace?: boolean;
}

interface RouterState {
  location: AppLocation;
  basename: string;
  navigate: (to: string, options?: NavigateOptions) => void;
}

const RouterContext = React.createContext<RouterState | null>(null);
const ParamsContext = React.createContext<Readonly<Record<string, string>>>({});

function readLocation(basename: string): AppLocation {
  const { pathname, search, hash } = window.location;
  return { pathname: appPathname(pathname, basename), search, hash };
}

export function Router({ basename, children }: { basename: string; children: React.ReactNode }) {
  const [location, setLocation] = React.useState(() => readLocation(basename));

  // As a transition: the page on screen stays until the next one's chunk has loaded, rather than
  // giving way to the loading spinner.
  React.useEffect(() => {
    const moved = () => React.startTransition(() => setLocation(readLocation(basename)));
    window.addEventListener('popstate', moved);
    return () => window.removeEventListener('popstate', moved);
  }, [basename]);

  const navigate = React.useCallback(
    (to: string, options: NavigateOptions = {}) => {
      const href = browserHref(to, basename);
      if (options.replace) window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
      React.startTransition(() => setLocation(readLocation(basename)));
    },
    [basename],
  );

  const value = React.useMemo(() => ({ location, basename, navigate }), [location, basename, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

function useRouter(): RouterState {
  const router = React.useContext(RouterContext);
  if (!router) throw new Error('router hooks outside <Router>');
  return router;
}

/** The first page whose pattern matches the location, else `fallback`. */
export function Routes({
  routes,
  fallback,
}: {
  routes: ReadonlyArray<readonly [pattern: string, page: React.ReactNode]>;
  fallback: React.ReactNode;
}) {
  const { pathname } = useRouter().location;
  for (const [pattern, page] of routes) {
    const params = matchPath(pattern, pathname);
    if (params) return <ParamsContext.Provider value={params}>{page}</ParamsContext.Provider>;
  }
  return <>{fallback}</>;
}

export function useLocation(): AppLocation {
  return useRouter().location;
}

export function useNavigate(): RouterState['navigate'] {
  return useRouter().navigate;
}

/** The decoded `:name` segments of the page's pattern. */
export function useParams(): Readonly<Record<string, string | undefined>> {
  return React.useContext(ParamsContext);
}

/** The query of the location (the same object until it changes), and a way to replace it. */
export function useSearchParams(): [
  URLSearchParams,
  (next: Record<string, string>, options?: NavigateOptions) => void,
] {
  const { location, navigate } = useRouter();
  const params = React.useMemo(() => new URLSearchParams(location.search), [location.search]);
  const set = React.useCallback(
    (next: Record<string, string>, options?: NavigateOptions) => {
      const query = new URLSearchParams(next).toString();
      navigate(`${location.pathname}${query ? `?${query}` : ''}`, options);
    },
    [location.pathname, navigate],
  );
  return [params, set];
}

type AnchorProps = Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>;

/**
 * A link to an app path: a plain click moves without a reload (replacing the history entry when it
 * leads where the page already is); others do what browsers do.
 */
export function Link({ to, replace, onClick, ...rest }: AnchorProps & { to: string; replace?: boolean }) {
  const { basename, navigate, location } = useRouter();
  const href = browserHref(to, basename);
  const follow = (event: React.MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const modified = event.metaKey || event.altKey || event.ctrlKey || event.shiftKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    const here = browserHref(`${location.pathname}${location.search}${location.hash}`, basename);
    navigate(to, { replace: replace ?? href === here });
  };
  return <a {...rest} href={href} onClick={follow} />;
}
