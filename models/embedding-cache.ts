import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import type { EncodeContext, Encoder } from '../core/encoder.js';
import { mtebCacheRoot } from '../core/env.js';
import { diskFullCode, ModelError } from '../core/errors.js';

/**
 * On-disk embedding cache. An entry's key is sha256 of (model name, model revision, prompt text, prompt type,
 * text, and the encoder's `cacheIdentity`: dtype, pooling, endpoint, ...), so a query and a document with the same
 * text never share an entry, and neither do two prompts or two settings that change the vectors.
 *
 * Storage is append-only: every encoded chunk becomes one immutable segment file, written to a temporary name and
 * renamed. Two processes can share a cache (each writes its own segments; a duplicate entry is harmless), and a
 * crash loses at most the chunk being encoded. Chunks are small enough that an interrupted run resumes from what
 * was already encoded.
 *
 * Integrity: a segment carries a sha256 of its keys and vectors, checked the first time a run uses the segment.
 * A segment that fails the check, or a vector that is not finite, is dropped with a warning and its texts are
 * encoded again, so a damaged cache can cost time but never change a score. Truncated segments and stale
 * temporary files are deleted when the folder is scanned.
 *
 * Segment layout (v2): "MTEBEMC2", u32 n, u32 dim, 32-byte sha256 of the rest, n x 16-byte keys, n x dim float32
 * (little-endian). v1 segments ("MTEBEMC1", no checksum) are still read; only their finiteness is checked.
 */
const MAGIC_V1 = 'MTEBEMC1';
const MAGIC = 'MTEBEMC2';
const HEADER_V1 = 16;
const SUM_BYTES = 32;
const HEADER = HEADER_V1 + SUM_BYTES;
const KEY_BYTES = 16;
/** A temporary file older than this cannot belong to a write in progress (a segment is written in well under a second). */
const STALE_TMP_MS = 60 * 60 * 1000;

export function defaultEmbeddingCacheDir(): string {
  return join(mtebCacheRoot(), 'embeddings');
}

export function embeddingKey(model: string, revision: string | undefined, prompt: string, promptType: string, text: string, identity = ''): string {
  return createHash('sha256')
    .update(JSON.stringify([model, revision ?? '', prompt, promptType, text, identity]))
    .digest()
    .subarray(0, KEY_BYTES)
    .toString('hex');
}

interface Entry {
  file: string;
  row: number;
  n: number;
  dim: number;
  /** Byte offset of the keys (the header's size: v1 and v2 differ). */
  head: number;
}

export type CacheWarn = (message: string) => void;

const stderrWarn: CacheWarn = (m) => process.stderr.write(`warning: ${m}\n`);

export class EmbeddingStore {
  private index?: Map<string, Entry>;
  /** Segment files already indexed (or found invalid), so a refresh reads only new ones. */
  private readonly seen = new Set<string>();
  /** Segments whose checksum and values were checked in this process. */
  private readonly verified = new Set<string>();
  readonly folder: string;
  /** Segments that failed validation (truncated, unknown format, bad checksum); truncated and corrupt ones are deleted. */
  readonly skipped: string[] = [];
  /** Entries dropped because their segment failed its checksum or their vector was not finite. */
  dropped = 0;

  constructor(
    root: string,
    model: string,
    revision: string | undefined,
    identity = '',
    private readonly warn: CacheWarn = stderrWarn,
  ) {
    const slug = `${model.replace(/[^\w.-]+/g, '_').slice(0, 80)}-${createHash('sha1')
      .update(`${model}@${revision ?? ''}#${identity}`)
      .digest('hex')
      .slice(0, 10)}`;
    this.folder = join(root, slug);
  }

  private load(): Map<string, Entry> {
    if (this.index) return this.index;
    this.index = new Map<string, Entry>();
    this.refresh();
    return this.index;
  }

  /**
   * Indexes segments written since the last scan, by this or any other process (queue workers filling a shared
   * cache while this one runs). Segments appear whole (written then renamed), so a listed file is complete; one
   * whose size does not match its header was damaged afterwards and is deleted. Returns how many new entries
   * were found.
   */
  refresh(): number {
    const index = this.index ?? this.load();
    if (!existsSync(this.folder)) return 0;
    let added = 0;
    for (const name of readdirSync(this.folder).sort()) {
      const file = join(this.folder, name);
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        if (this.seen.has(file)) continue;
        this.seen.add(file);
        sweepIfStale(file);
        continue;
      }
      if (!name.endsWith('.emb')) continue;
      if (this.seen.has(file)) continue;
      this.seen.add(file);
      const head = readHead(file);
      if ('problem' in head) {
        this.skipped.push(file);
        if (head.problem === 'truncated') {
          this.warn(`embedding cache segment ${file} is truncated; deleted (its texts are encoded again)`);
          rmSync(file, { force: true });
        } else {
          this.warn(`embedding cache segment ${file} is not readable (${head.problem}); ignored`);
        }
        continue;
      }
      for (let r = 0; r < head.n; r++) {
        const k = head.keys.toString('hex', r * KEY_BYTES, (r + 1) * KEY_BYTES);
        if (!index.has(k)) {
          index.set(k, { file, row: r, n: head.n, dim: head.dim, head: head.head });
          added++;
        }
      }
    }
    return added;
  }

  has(key: string): boolean {
    return this.load().has(key);
  }

  get size(): number {
    return this.load().size;
  }

  /**
   * Checks every segment that holds one of `keys` (once per process): a checksum mismatch drops the whole
   * segment (and deletes it), a non-finite vector drops that entry. Dropped keys then count as missing.
   */
  verify(keys: readonly string[]): void {
    const index = this.load();
    const files = new Map<string, Entry>();
    for (const k of keys) {
      const e = index.get(k);
      if (e && !this.verified.has(e.file) && !files.has(e.file)) files.set(e.file, e);
    }
    for (const [file, e] of files) {
      this.verified.add(file);
      let buf: Buffer;
      try {
        buf = readFileSync(file);
      } catch (err) {
        this.dropSegment(file, `cannot be read (${(err as Error).message})`);
        continue;
      }
      const body = buf.subarray(e.head);
      if (e.head === HEADER && !createHash('sha256').update(body).digest().equals(buf.subarray(HEADER_V1, HEADER))) {
        this.dropSegment(file, 'fails its checksum');
        rmSync(file, { force: true });
        continue;
      }
      const vectors = new Float32Array(body.buffer.slice(body.byteOffset + e.n * KEY_BYTES, body.byteOffset + body.byteLength));
      const bad: string[] = [];
      for (let r = 0; r < e.n; r++) {
        for (let j = r * e.dim; j < (r + 1) * e.dim; j++) {
          if (!Number.isFinite(vectors[j]!)) {
            bad.push(body.toString('hex', r * KEY_BYTES, (r + 1) * KEY_BYTES));
            break;
          }
        }
      }
      let n = 0;
      for (const k of bad) {
        if (index.get(k)?.file === file) {
          index.delete(k);
          n++;
        }
      }
      if (n) {
        this.dropped += n;
        this.warn(`embedding cache segment ${file} holds ${n} non-finite vector(s); dropped, their texts are encoded again`);
      }
    }
  }

  private dropSegment(file: string, why: string): void {
    const index = this.load();
    let n = 0;
    for (const [k, e] of index) {
      if (e.file === file) {
        index.delete(k);
        n++;
      }
    }
    this.dropped += n;
    this.skipped.push(file);
    this.warn(`embedding cache segment ${file} ${why}; its ${n} entr${n === 1 ? 'y is' : 'ies are'} dropped and encoded again`);
  }

  /** The cached vectors of `keys` (all must be present), in order. */
  read(keys: string[]): { cols: number; data: Float32Array } {
    const index = this.load();
    const entries = keys.map((k) => index.get(k)!);
    const dim = entries[0]?.dim ?? 0;
    const data = new Float32Array(keys.length * dim);
    const byFile = new Map<string, { e: Entry; dst: number }[]>();
    entries.forEach((e, dst) => {
      if (e.dim !== dim) throw new Error(`embedding cache ${this.folder} mixes ${e.dim}- and ${dim}-dimensional vectors for one model`);
      const list = byFile.get(e.file) ?? [];
      list.push({ e, dst });
      byFile.set(e.file, list);
    });
    for (const [file, wants] of byFile) {
      const { n, head } = wants[0]!.e;
      const dataOff = head + n * KEY_BYTES;
      const fd = openSync(file, 'r');
      try {
        if (wants.length * 4 >= n) {
          // Most of the segment is wanted: one read.
          const all = new Float32Array(n * dim);
          readSync(fd, new Uint8Array(all.buffer), 0, all.byteLength, dataOff);
          for (const w of wants) data.set(all.subarray(w.e.row * dim, (w.e.row + 1) * dim), w.dst * dim);
        } else {
          const row = new Float32Array(dim);
          const bytes = new Uint8Array(row.buffer);
          for (const w of wants) {
            readSync(fd, bytes, 0, bytes.length, dataOff + w.e.row * dim * 4);
            data.set(row, w.dst * dim);
          }
        }
      } finally {
        closeSync(fd);
      }
    }
    return { cols: dim, data };
  }

  write(keys: string[], vectors: Float32Array, dim: number): void {
    const n = keys.length;
    const buf = Buffer.alloc(HEADER + n * KEY_BYTES + n * dim * 4);
    buf.write(MAGIC, 0, 'latin1');
    buf.writeUInt32LE(n, 8);
    buf.writeUInt32LE(dim, 12);
    keys.forEach((k, i) => buf.write(k, HEADER + i * KEY_BYTES, 'hex'));
    buf.set(new Uint8Array(vectors.buffer, vectors.byteOffset, n * dim * 4), HEADER + n * KEY_BYTES);
    createHash('sha256').update(buf.subarray(HEADER)).digest().copy(buf, HEADER_V1);
    mkdirSync(this.folder, { recursive: true });
    const file = join(this.folder, `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}.emb`);
    writeFileAtomic(file, buf);
    this.seen.add(file);
    this.verified.add(file);
    const index = this.load();
    keys.forEach((k, r) => {
      if (!index.has(k)) index.set(k, { file, row: r, n, dim, head: HEADER });
    });
  }
}

type Head = { n: number; dim: number; keys: Buffer; head: number } | { problem: 'truncated' | 'unknown format' | 'unreadable' };

function readHead(file: string): Head {
  try {
    const size = statSync(file).size;
    if (size < HEADER_V1) return { problem: 'truncated' };
    const fd = openSync(file, 'r');
    try {
      const h = Buffer.alloc(HEADER_V1);
      readSync(fd, h, 0, HEADER_V1, 0);
      const magic = h.toString('latin1', 0, 8);
      if (magic !== MAGIC && magic !== MAGIC_V1) return { problem: 'unknown format' };
      const head = magic === MAGIC ? HEADER : HEADER_V1;
      const n = h.readUInt32LE(8);
      const dim = h.readUInt32LE(12);
      if (size !== head + n * KEY_BYTES + n * dim * 4) return { problem: 'truncated' };
      const keys = Buffer.alloc(n * KEY_BYTES);
      readSync(fd, keys, 0, keys.length, head);
      return { n, dim, keys, head };
    } finally {
      closeSync(fd);
    }
  } catch {
    return { problem: 'unreadable' };
  }
}

/** Deletes a temporary file a crashed writer left (old enough that no write can still be using it). */
function sweepIfStale(file: string): void {
  try {
    if (Date.now() - statSync(file).mtimeMs > STALE_TMP_MS) rmSync(file, { force: true });
  } catch {
    // Already gone (its writer renamed or removed it).
  }
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * Wraps an encoder with the cache. Misses are encoded in chunks of `chunkSize` texts, each saved as soon as it is
 * done, so an interrupted run loses at most one chunk.
 */
export function withEmbeddingCache(
  inner: Encoder,
  root: string = defaultEmbeddingCacheDir(),
  chunkSize = 2048,
  warn: CacheWarn = stderrWarn,
): Encoder & { stats: CacheStats; store: EmbeddingStore } {
  const store = new EmbeddingStore(root, inner.name, inner.revision, inner.cacheIdentity, warn);
  const stats: CacheStats = { hits: 0, misses: 0 };
  let cacheFull = false;
  const keyFor = (text: string, ctx: EncodeContext) =>
    embeddingKey(inner.name, inner.revision, inner.resolvePrompt?.(ctx) ?? '', ctx.promptType ?? '', text, inner.cacheIdentity);
  const wrapped: Encoder & { stats: CacheStats; store: EmbeddingStore } = {
    name: inner.name,
    revision: inner.revision,
    similarity: inner.similarity,
    meta: inner.meta,
    kind: inner.kind,
    cacheIdentity: inner.cacheIdentity,
    maxTextChars: inner.maxTextChars,
    stats,
    store,
    async encode(texts, ctx) {
      const keys = texts.map((t) => keyFor(t, ctx));
      // Another process may have written what we miss since we last looked (a shared cache): look again first.
      if (keys.some((k) => !store.has(k))) store.refresh();
      // Damaged entries are dropped here, so they count as missing and are encoded again.
      store.verify(keys);
      // Encode each distinct missing text once.
      const missing = new Map<string, number>();
      keys.forEach((k, i) => {
        if (!store.has(k) && !missing.has(k)) missing.set(k, i);
      });
      stats.misses += missing.size;
      const hits = keys.filter((k) => !missing.has(k)).length;
      stats.hits += hits;
      ctx.onCacheLookup?.(hits, keys.length);
      const todo = [...missing.entries()];
      // Vectors that could not be saved (the cache's disk is full): kept in memory for this call only.
      const unsaved = new Map<string, Float32Array>();
      for (let s = 0; s < todo.length; s += chunkSize) {
        const part = todo.slice(s, s + chunkSize);
        // Progress counts the texts this call encodes (the misses), across chunks.
        const onProgress = ctx.onProgress;
        const m = await inner.encode(
          part.map(([, i]) => texts[i]!),
          onProgress ? { ...ctx, onProgress: (done) => onProgress(s + done, todo.length) } : ctx,
        );
        onProgress?.(s + part.length, todo.length);
        // Never cache a bad batch: it would fail every later run too.
        const bad =
          m.rows !== part.length
            ? `${m.rows} vectors for ${part.length} texts`
            : m.data.findIndex((x) => !Number.isFinite(x)) >= 0
              ? 'a non-finite value'
              : '';
        if (bad) throw new ModelError(`encoder returned ${bad}`, { model: inner.name, task: ctx.task.name, split: ctx.split, subset: ctx.subset });
        if (!cacheFull) {
          try {
            store.write(
              part.map(([k]) => k),
              m.data,
              m.cols,
            );
            continue;
          } catch (e) {
            if (!diskFullCode(e)) throw e;
            // The cache only saves time: a full disk must not fail the run. Say so once, then stop writing.
            cacheFull = true;
            warn(
              `${(e as Error).message.split('\n')[0]}; embeddings are no longer cached in this run (free space there, or use --cache-dir / --no-cache)`,
            );
          }
        }
        part.forEach(([k], r) => unsaved.set(k, m.data.slice(r * m.cols, (r + 1) * m.cols)));
      }
      if (!unsaved.size) {
        const { cols, data } = store.read(keys);
        return { rows: texts.length, cols, data };
      }
      return assemble(keys, unsaved, store);
    },
    close: inner.close?.bind(inner),
  };
  if (inner.resolvePrompt) wrapped.resolvePrompt = inner.resolvePrompt.bind(inner);
  if (inner.retrieve) wrapped.retrieve = inner.retrieve.bind(inner);
  return wrapped;
}

/** Rows of `keys` in order, from `unsaved` where present, else from the store. */
function assemble(
  keys: readonly string[],
  unsaved: ReadonlyMap<string, Float32Array>,
  store: EmbeddingStore,
): { rows: number; cols: number; data: Float32Array } {
  const stored = [...new Set(keys.filter((k) => !unsaved.has(k)))];
  const fromStore = stored.length ? store.read(stored) : undefined;
  const cols = fromStore?.cols ?? unsaved.values().next().value!.length;
  const at = new Map(stored.map((k, i) => [k, i]));
  const data = new Float32Array(keys.length * cols);
  keys.forEach((k, r) => {
    const row = unsaved.get(k) ?? fromStore!.data.subarray(at.get(k)! * cols, (at.get(k)! + 1) * cols);
    data.set(row, r * cols);
  });
  return { rows: keys.length, cols, data };
}
