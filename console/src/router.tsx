import type { AnchorHTMLAttributes } from 'react';
import { Link as WouterLink, useLocation as useWouterLocation, useSearch } from 'wouter';
import { navigate as navigateBrowser } from 'wouter/use-browser-location';

/**
 * The console's routing, on wouter (routes are declared in routes.tsx). These few helpers keep the
 * pages' vocabulary: the path with its parsed query, navigation from event handlers, and the query
 * string as the filters' and pager's state.
 */

/** The current path and query (re-renders on navigation). */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [path] = useWouterLocation();
  return { path, query: new URLSearchParams(useSearch()) };
}

/** Goes to `to` (a new page starts at its top). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  navigateBrowser(to, options);
  if (!options.replace) window.scrollTo(0, 0);
}

/** Replaces the query string (filters, paging) without adding a history entry per keystroke. */
export function setQuery(values: Record<string, string | number | undefined>): void {
  const query = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') query.delete(key);
    else query.set(key, String(value));
  }
  const search = query.toString();
  navigate(`${window.location.pathname}${search ? `?${search}` : ''}`, { replace: true });
}

/** An in-app link: a real <a href> (open in new tab works), navigating without a reload. */
export function Link({ to, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  return <WouterLink href={to} {...rest} />;
}
