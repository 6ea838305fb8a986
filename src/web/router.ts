import { useEffect, useState } from 'react';

/** The dashboard's few pages, matched on the path; the server answers every non-API path with index.html. */
export type Route =
  | { page: 'setup' }
  | { page: 'login' }
  | { page: 'projects' }
  | { page: 'project'; projectId: string }
  | { page: 'plan'; planId: string }
  | { page: 'run'; runId: string }
  | { page: 'rollout'; runId: string }
  | { page: 'inspections'; runId: string }
  | { page: 'monitors'; runId: string }
  | { page: 'audit' }
  | { page: 'settings' };

export function parseRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id, view] = parts;
  if (head === 'setup') return { page: 'setup' };
  if (head === 'login') return { page: 'login' };
  if (head === 'projects' && id) return { page: 'project', projectId: id };
  if (head === 'plans' && id) return { page: 'plan', planId: id };
  if (head === 'runs' && id && view === 'rollout') return { page: 'rollout', runId: id };
  if (head === 'runs' && id && view === 'inspections') return { page: 'inspections', runId: id };
  if (head === 'runs' && id && view === 'monitors') return { page: 'monitors', runId: id };
  if (head === 'runs' && id) return { page: 'run', runId: id };
  if (head === 'audit') return { page: 'audit' };
  if (head === 'settings') return { page: 'settings' };
  return { page: 'projects' };
}

export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return route;
}
