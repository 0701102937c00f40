// Every route the Express app answers, read from its router stack: the access matrix walks this
// list, so a route added anywhere shows up here without anyone listing it by hand.
import type { Express } from 'express';

export interface AppRoute {
  method: string;
  /** Express-style path, mount points included, e.g. `/api/v1/courses/:slug`. */
  path: string;
}

interface Layer {
  rawPath?: string | string[];
  slash?: boolean;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

export function appRoutes(app: Express): AppRoute[] {
  const found = new Map<string, AppRoute>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          const route = { method: method.toUpperCase(), path: join(prefix, layer.route.path) };
          found.set(`${route.method} ${route.path}`, route);
        }
      } else if (layer.handle.stack) {
        const mount = layer.slash || typeof layer.rawPath !== 'string' ? '' : layer.rawPath;
        walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...found.values()];
}

function join(prefix: string, path: string): string {
  if (!path || path === '/') return prefix || '/';
  return `${prefix}${path}`.replace(/\/{2,}/g, '/');
}
