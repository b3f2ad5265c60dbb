/** Hash routes (`#/case/<id>`), so every screen has a URL that survives reload and needs no server. */
export type Route =
  | { name: 'library' }
  | { name: 'case'; id: string }
  | { name: 'edit'; id: string | null; copy?: boolean }
  | { name: 'guide' }
  | { name: 'models' }
  | { name: 'runs' }
  | { name: 'run-new'; caseId?: string }
  | { name: 'run'; id: string }
  | { name: 'analysis' }
  | { name: 'compare'; caseId: string; modelId: string }
  | { name: 'workspace' }
  | { name: 'rate' }
  | { name: 'agreement' };

const simple = ['guide', 'models', 'runs', 'analysis', 'workspace', 'rate', 'agreement'] as const;

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const [, name = '', arg, arg2] = path.split('/').map((s) => decodeURIComponent(s));
  if (name === 'case' && arg) return { name: 'case', id: arg };
  if (name === 'new') return { name: 'edit', id: null };
  if (name === 'edit' && arg) return { name: 'edit', id: arg, copy: query === 'copy' };
  if (name === 'run' && arg === 'new') {
    const caseId = new URLSearchParams(query).get('case');
    return caseId ? { name: 'run-new', caseId } : { name: 'run-new' };
  }
  if (name === 'run' && arg) return { name: 'run', id: arg };
  if (name === 'compare' && arg && arg2) return { name: 'compare', caseId: arg, modelId: arg2 };
  const s = simple.find((n) => n === name);
  return s ? { name: s } : { name: 'library' };
}

export function href(r: Route): string {
  switch (r.name) {
    case 'case':
      return `#/case/${encodeURIComponent(r.id)}`;
    case 'edit':
      return r.id ? `#/edit/${encodeURIComponent(r.id)}${r.copy ? '?copy' : ''}` : '#/new';
    case 'run':
      return `#/run/${encodeURIComponent(r.id)}`;
    case 'compare':
      return `#/compare/${encodeURIComponent(r.caseId)}/${encodeURIComponent(r.modelId)}`;
    case 'run-new':
      return r.caseId ? `#/run/new?case=${encodeURIComponent(r.caseId)}` : '#/run/new';
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
}
