// The app's addresses under its base path (config.basePath, '' at the root), for the router
// (router.tsx): what a browser path means for the app, and the reverse.

/** The app path of a browser path: '/rooms/x' for '/meet/rooms/x' under '/meet'; '/' for '/meet'. */
export function appPathname(pathname: string, basename: string): string {
  if (basename && (pathname === basename || pathname.startsWith(`${basename}/`))) {
    return pathname.slice(basename.length) || '/';
  }
  return pathname || '/';
}

/** The browser address of an app path ('/rooms/x?y#z' → '/meet/rooms/x?y#z'). */
export function browserHref(to: string, basename: string): string {
  return `${basename}${to.startsWith('/') ? to : `/${to}`}`;
}

/**
 * The parameters of a path that matches a pattern of literal segments and `:name` segments
 * ('/rooms/:roomName'), each decoded (as written when it is not valid percent-encoding), or
 * undefined. A trailing slash does not matter; an empty segment matches no parameter.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const trim = (path: string) => path.replace(/\/+$/, '').split('/');
  const want = trim(pattern);
  const have = trim(pathname);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) {
      if (have[i] === '') return undefined;
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        params[want[i].slice(1)] = have[i];
      }
    } else if (want[i] !== have[i]) {
      return undefined;
    }
  }
  return params;
}
