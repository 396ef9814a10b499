/**
 * Hash routes (`#/tables`, `#/tables/Orders/items`, ...): the server serves one page, and
 * Back/Forward and bookmarks work.
 */
import { useEffect, useState } from 'preact/hooks';

/** The route's path segments, decoded: `#/tables/My%20T/items` -> ['tables', 'My T', 'items']. */
export function currentRoute(): string[] {
  return location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** The href of a route. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

export function navigate(...segments: string[]): void {
  location.hash = href(...segments);
}

/** The current route, re-rendering on every change. */
export function useRoute(): string[] {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
