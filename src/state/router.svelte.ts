/** Hash routes (`#/case/<id>`), so every screen has a URL that survives reload and needs no server. */
export type Route =
  | { name: 'library' }
  | { name: 'case'; id: string }
  | { name: 'edit'; id: string | null; copy?: boolean }
  | { name: 'guide' }
  | { name: 'workspace' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const [, name = '', arg] = path.split('/').map((s) => decodeURIComponent(s));
  if (name === 'case' && arg) return { name: 'case', id: arg };
  if (name === 'new') return { name: 'edit', id: null };
  if (name === 'edit' && arg) return { name: 'edit', id: arg, copy: query === 'copy' };
  if (name === 'guide') return { name: 'guide' };
  if (name === 'workspace') return { name: 'workspace' };
  return { name: 'library' };
}

export function href(r: Route): string {
  switch (r.name) {
    case 'case':
      return `#/case/${encodeURIComponent(r.id)}`;
    case 'edit':
      return r.id ? `#/edit/${encodeURIComponent(r.id)}${r.copy ? '?copy' : ''}` : '#/new';
    default:
      return `#/${r.name}`;
  }
}

export class Router {
  route = $state<Route>(parseRoute(location.hash));

  constructor() {
    $effect(() => {
      const on = () => (this.route = parseRoute(location.hash));
      addEventListener('hashchange', on);
      return () => removeEventListener('hashchange', on);
    });
  }

  go(r: Route) {
    location.hash = href(r);
  }
}
