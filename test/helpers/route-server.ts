import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One route of the test server: what it answers. */
export interface Route {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** A request the server saw. */
export interface SeenRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A strong ETag for a body, as the published-results servers send. */
export const etagOf = (b: Buffer) => `"${createHash('sha1').update(b).digest('hex')}"`;

/** A loopback HTTP server serving fixed routes; honours If-None-Match against the route's ETag. */
export async function startServer(
  routes: Record<string, Route>,
): Promise<{ url: string; requests: SeenRequest[]; close: () => Promise<void>; server: Server }> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const r = routes[req.url ?? ''];
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404: Not Found');
      return;
    }
    const etag = r.headers?.etag;
    if (etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(r.status ?? 200, r.headers ?? {}).end(r.body ?? '');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, server, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}
