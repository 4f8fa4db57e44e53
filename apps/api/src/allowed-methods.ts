import { METHODS } from 'node:http';
import type { Application } from 'express';

/** What Express's router keeps of each route (router 2: a layer that can match a path, and its route). */
interface RouteLayer {
  match(path: string): boolean;
  route?: { methods: Record<string, boolean> };
}

/**
 * The methods the api answers on a path, read from the routes Nest gave Express, so a request for
 * another method on it gets 405 with an Allow header rather than 404. GET brings HEAD, as in Express.
 */
export function allowedMethods(express: Application, path: string): string[] {
  const layers = (express as unknown as { router: { stack: RouteLayer[] } }).router.stack;
  const methods = new Set<string>();
  for (const layer of layers) {
    if (!layer.route || !layer.match(path)) continue;
    const handled = Object.keys(layer.route.methods).filter((method) => layer.route!.methods[method]);
    // A route for every method is middleware Nest mounts on all paths (logging, the 404 itself).
    if (handled.length >= METHODS.length) continue;
    for (const method of handled) methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
