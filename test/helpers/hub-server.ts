/**
 * A real HTTP server on 127.0.0.1 speaking the subset of the Hugging Face hub API the client uses,
 * modelled on the real endpoints and headers, with fault injection. Not a test file (no `.test.`).
 *   GET  /api/datasets/{repo}/revision/{rev}          -> {id, sha, siblings}
 *   GET  /api/datasets/{repo}/tree/{rev}[/{path}]     -> [{type, oid, size, path, lfs?}], paginated via Link
 *   POST /api/datasets/{repo}/paths-info/{rev}        -> same entries for the given paths
 *   GET  /datasets/{repo}/resolve/{rev}/{file}        -> 200 (ETag = git sha1) or 302 to /cdn/{sha256} for LFS files
 *                                                        with X-Linked-Etag / X-Linked-Size; X-Repo-Commit always
 * Model repos (addRepo(..., { type: 'model' })) answer the same under /api/models/{repo}/... and /{repo}/resolve/...
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

export type FaultKind = '500' | '429' | 'drop' | 'wrong-etag' | 'wrong-size' | 'corrupt' | 'hang' | 'slow';
export interface Fault {
  /** Substring of the request URL. */
  match: string;
  kind: FaultKind;
  /** How many matching requests get the fault (then it is removed). */
  times: number;
  retryAfter?: number;
}

interface RepoFile {
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  abs: string;
}
interface Repo {
  id: string;
  type: 'dataset' | 'model';
  commit: string;
  refs: Record<string, string>;
  files: RepoFile[];
  /** Private repo: requests must carry `Authorization: Bearer <token>`. */
  token?: string;
}

export interface HubServer {
  url: string;
  requests: string[];
  /** Most body downloads (resolve/cdn) in flight at once since the last reset. */
  inFlight: { now: number; max: number };
  faults: Fault[];
  addRepo(
    id: string,
    dir: string,
    commit?: string,
    opts?: { lfs?: (path: string, size: number) => boolean; exclude?: (path: string) => boolean; token?: string; type?: 'dataset' | 'model' },
  ): Repo;
  /** A renamed repo: every request for `from` gets a relative 307 to the same path under `to`. */
  addAlias(from: string, to: string): void;
  close(): Promise<void>;
}

export function gitBlobSha1(buf: Buffer): string {
  return createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const rec = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) rec(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  rec(dir);
  return out.sort();
}

const defaultLfs = (path: string, size: number) => /\.(parquet|gz|zst|arrow)$/.test(path) || size > 1_000_000;

export async function startHubServer(pageSize = 50): Promise<HubServer> {
  const repos = new Map<string, Repo>();
  const requests: string[] = [];
  const faults: Fault[] = [];
  const inFlight = { now: 0, max: 0 };
  const aliases = new Map<string, string>();

  const takeFault = (url: string): Fault | undefined => {
    const i = faults.findIndex((f) => url.includes(f.match));
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (--f.times <= 0) faults.splice(i, 1);
    return f;
  };

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const entry = (f: RepoFile) => ({ type: 'file', oid: f.oid, size: f.size, path: f.path, ...(f.lfs ? { lfs: f.lfs } : {}) });
  const dirEntries = (files: RepoFile[]) => {
    const dirs = new Set<string>();
    for (const f of files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    return [...dirs].map((d) => ({ type: 'directory', oid: createHash('sha1').update(d).digest('hex'), size: 0, path: d }));
  };

  const commitOf = (repo: Repo, rev: string) => (rev === repo.commit ? repo.commit : repo.refs[rev]);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname.startsWith('/cdn/') || url.pathname.includes('/resolve/')) {
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      // 'finish' (last byte handed to the socket) comes before the client can start its next request.
      let done = false;
      const end = () => {
        if (!done) (done = true), inFlight.now--;
      };
      res.on('finish', end);
      res.on('close', end);
    }
    const fault = takeFault(req.url ?? '');
    if (fault?.kind === '500') return json(res, 500, { error: 'Internal Error (injected)' });
    if (fault?.kind === '429') return json(res, 429, { error: 'Too many requests (injected)' }, { 'retry-after': String(fault.retryAfter ?? 1) });
    if (fault?.kind === 'hang') return; // never answers: the client's timeout must fire

    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // /cdn/<sha256>: where LFS downloads are redirected.
    if (parts[0] === 'cdn' && parts[1]) {
      const f = [...repos.values()].flatMap((r) => r.files).find((x) => x.lfs?.oid === parts[1]);
      if (!f) return json(res, 404, { error: 'no such object' });
      return sendBody(res, readFileSync(f.abs), fault, { etag: `"s3-${parts[1]!.slice(0, 8)}"` });
    }
    const api = parts[0] === 'api';
    let p = api ? parts.slice(1) : parts;
    // Model repos have no prefix in resolve URLs: /{owner}/{name}/resolve/...
    if (!api && p[0] !== 'datasets') p = ['models', ...p];
    if ((p[0] !== 'datasets' && p[0] !== 'models') || p.length < 4) return json(res, 404, { error: 'not found' });
    const type = p[0] === 'models' ? 'model' : 'dataset';
    const repoId = `${p[1]}/${p[2]}`;
    const alias = type === 'dataset' ? aliases.get(repoId) : undefined;
    if (alias) {
      const moved = url.pathname.replace(`/datasets/${repoId}/`, `/datasets/${alias}/`) + url.search;
      res.writeHead(307, { location: moved, 'content-length': 0 });
      return void res.end();
    }
    const repo = repos.get(`${type}:${repoId}`);
    // Like the hub, a private repo looks absent without the right token.
    if (!repo || (repo.token && req.headers.authorization !== `Bearer ${repo.token}`)) {
      return json(res, 401, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
    }
    const action = p[3];
    const rev = p[4] ?? '';
    const commit = commitOf(repo, rev);
    if (!commit) return json(res, 404, { error: `Invalid rev id: ${rev}` }, { 'x-error-code': 'RevisionNotFound' });
    const rest = p.slice(5).join('/');

    if (api && action === 'revision') {
      return json(res, 200, { id: repo.id, sha: commit, private: false, siblings: repo.files.map((f) => ({ rfilename: f.path })) });
    }
    if (api && action === 'tree') {
      const under = repo.files.filter((f) => !rest || f.path.startsWith(`${rest}/`));
      const recursive = url.searchParams.get('recursive') === 'true';
      const all = [...dirEntries(under), ...under.map(entry)]
        .filter((e) => recursive || e.path.split('/').length === (rest ? rest.split('/').length + 1 : 1))
        .sort((a, b) => (a.path < b.path ? -1 : 1));
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const page = all.slice(cursor, cursor + pageSize);
      const headers: Record<string, string> = {};
      if (cursor + pageSize < all.length) {
        const next = new URL(`http://${req.headers.host}${url.pathname}`);
        url.searchParams.forEach((v, k) => next.searchParams.set(k, v));
        next.searchParams.set('cursor', String(cursor + pageSize));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return json(res, 200, page, headers);
    }
    if (api && action === 'paths-info' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { paths: string[] };
      return json(res, 200, repo.files.filter((f) => body.paths.includes(f.path)).map(entry));
    }
    if (!api && action === 'resolve') {
      const f = repo.files.find((x) => x.path === rest);
      if (!f) return json(res, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': commit });
      const hub: Record<string, string> = { 'x-repo-commit': commit };
      if (f.lfs) {
        hub['x-linked-etag'] = `"${fault?.kind === 'wrong-etag' ? 'f'.repeat(64) : f.lfs.oid}"`;
        hub['x-linked-size'] = String(fault?.kind === 'wrong-size' ? f.size + 1 : f.size);
        hub.etag = `"${f.oid}"`;
        // Absolute, like the hub's redirects to its LFS/Xet CDN.
        hub.location = `http://${req.headers.host}/cdn/${f.lfs.oid}`;
        res.writeHead(302, { ...hub, 'content-length': 0 });
        res.end();
        // Faults on the body belong to the CDN request that follows.
        if (fault && ['drop', 'corrupt', 'slow'].includes(fault.kind)) faults.unshift({ match: `/cdn/${f.lfs.oid}`, kind: fault.kind, times: 1 });
        return;
      }
      hub.etag = `"${fault?.kind === 'wrong-etag' ? '0'.repeat(40) : f.oid}"`;
      return sendBody(res, readFileSync(f.abs), fault, hub, fault?.kind === 'wrong-size' ? f.size + 1 : undefined);
    }
    return json(res, 404, { error: 'not found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(e) });
      else res.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    inFlight,
    addRepo(id, dir, commit, opts = {}) {
      const isLfs = opts.lfs ?? defaultLfs;
      const files = walk(dir)
        .filter((p) => !(opts.exclude ?? ((x: string) => x === '.mirror.json'))(p))
        .map((path) => {
          const abs = join(dir, ...path.split('/'));
          const buf = readFileSync(abs);
          const f: RepoFile = { path, size: buf.length, oid: gitBlobSha1(buf), abs };
          if (isLfs(path, buf.length)) f.lfs = { oid: createHash('sha256').update(buf).digest('hex'), size: buf.length, pointerSize: 134 };
          return f;
        });
      const sha =
        commit ??
        createHash('sha1')
          .update(id + files.map((f) => f.oid).join())
          .digest('hex');
      const type = opts.type ?? 'dataset';
      const repo: Repo = { id, type, commit: sha, refs: { main: sha }, files, token: opts.token };
      repos.set(`${type}:${id}`, repo);
      return repo;
    },
    addAlias(from, to) {
      aliases.set(from, to);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function sendBody(res: ServerResponse, buf: Buffer, fault: Fault | undefined, headers: Record<string, string>, announcedSize?: number): void {
  const size = announcedSize ?? buf.length;
  let body = buf;
  if (fault?.kind === 'corrupt') {
    body = Buffer.from(buf);
    body[Math.floor(body.length / 2)] = body[Math.floor(body.length / 2)]! ^ 0xff;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size, ...headers });
  if (fault?.kind === 'slow') {
    // 64 KiB every 10 ms: long enough for concurrent clients to overlap.
    let off = 0;
    const tick = () => {
      const chunk = body.subarray(off, off + 65536);
      off += 65536;
      // The last chunk ends the response at once: the client has all bytes then and may start its next request.
      if (off >= body.length) return void res.end(chunk);
      res.write(chunk);
      setTimeout(tick, 10);
    };
    tick();
    return;
  }
  if (fault?.kind === 'drop') {
    // Half the body, then the connection dies.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  if (announcedSize !== undefined && announcedSize > buf.length) {
    res.write(body, () => res.socket?.destroy());
    return;
  }
  res.end(body);
}
