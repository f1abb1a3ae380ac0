import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The console's pages, under `/console/` (the gateway answers the page for every one). */
export type Route =
  | { name: 'inbox' }
  | { name: 'conversation'; id: string }
  | { name: 'operations' }
  | { name: 'not-found' };

const BASE = '/console';
const NAVIGATED = 'console:navigated';

export function routeOf(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'inbox' };
  if (parts[0] === 'conversations' && parts.length === 2)
    return { name: 'conversation', id: parts[1]! };
  if (parts[0] === 'operations' && parts.length === 1) return { name: 'operations' };
  return { name: 'not-found' };
}

export const hrefOf = (path: string) => `${BASE}${path}`;

export function navigate(path: string): void {
  window.history.pushState(null, '', hrefOf(path));
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

/** The page the address bar names. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** A link within the console: a real link (new tab, copy address), navigated in place on click. */
export function Link({
  to,
  ...props
}: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    props.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={hrefOf(to)} onClick={onClick} />;
}
