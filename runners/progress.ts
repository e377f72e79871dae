/**
 * Progress inside a task: what `evaluate` reports (task start, each encode or retrieve call with its cache hits and
 * texts done, scoring between calls with the evaluator's own steps: k-means fits, experiments, documents searched),
 * and the reporter `run` draws from it: a status line rewritten in place on a TTY, a plain line every 30 s elsewhere
 * (CI logs), nothing with --quiet. The cache hit rate of each encode call is a line of its own, so it stays in the
 * log. Progress only observes: no score depends on it.
 */
import type { EncodeContext, Encoder } from '../core/encoder.js';
import type { CliIO } from './cli-io.js';

export type ProgressEvent =
  | { kind: 'task'; task: string }
  /** `verb` "retrieving" for a model's own retrieve call (BM25, SPLADE, a cross-encoder), whose unit may differ. */
  | { kind: 'encode'; task: string; where: string; texts: number; verb?: 'encoding' | 'retrieving' }
  | { kind: 'cache'; task: string; where: string; cached: number; total: number }
  | { kind: 'encoded'; task: string; where: string; done: number; total: number; unit?: string }
  | { kind: 'scoring'; task: string; where: string }
  /** A step of a long scoring phase (EvalContext.progress): `done` of `total` `what` ("k-means fits"). */
  | { kind: 'step'; task: string; where: string; what: string; done: number; total: number }
  | { kind: 'end'; task: string };

/**
 * The encoder with each call reported: start, cache lookup, texts done, then scoring until the next call. An
 * encoder that reports nothing while it works (static vectors, precomputed, random, a user module) still gets its
 * texts counted when the call returns, so every kind shows texts done and texts/s.
 */
export function withProgress(inner: Encoder, emit: (e: ProgressEvent) => void): Encoder {
  const track = (ctx: EncodeContext, where: string, total: number, verb: 'encoding' | 'retrieving') => {
    const task = ctx.task.name;
    emit({ kind: 'encode', task, where, texts: total, verb });
    let reported = false;
    const outer = ctx.onProgress;
    const wrapped: EncodeContext = {
      ...ctx,
      onCacheLookup: (cached, all) => {
        ctx.onCacheLookup?.(cached, all);
        emit({ kind: 'cache', task, where, cached, total: all });
      },
      onProgress: (done, all, unit) => {
        outer?.(done, all, unit);
        reported = true;
        emit({ kind: 'encoded', task, where, done, total: all, ...(unit ? { unit } : {}) });
      },
    };
    return {
      ctx: wrapped,
      done: (ok: boolean) => {
        if (ok && !reported && total > 0) emit({ kind: 'encoded', task, where, done: total, total });
        emit({ kind: 'scoring', task, where });
      },
    };
  };
  const wrapped: Encoder = {
    ...inner,
    async encode(texts, ctx) {
      const where = `${ctx.split}/${ctx.subset}${ctx.promptType ? ` ${ctx.promptType === 'query' ? 'queries' : 'documents'}` : ''}`;
      const t = track(ctx, where, texts.length, 'encoding');
      let ok = false;
      try {
        const m = await inner.encode(texts, t.ctx);
        ok = true;
        return m;
      } finally {
        t.done(ok);
      }
    },
  };
  if (inner.retrieve) {
    const retrieve = inner.retrieve.bind(inner);
    wrapped.retrieve = async (request, ctx) => {
      const t = track(ctx, `${ctx.split}/${ctx.subset}`, request.corpus.ids.length + request.queries.ids.length, 'retrieving');
      let ok = false;
      try {
        const run = await retrieve(request, t.ctx);
        ok = true;
        return run;
      } finally {
        t.done(ok);
      }
    };
  }
  return wrapped;
}

/** "25%": whole percent, never 100% before the end. */
function percent(done: number, total: number): string {
  const p = (100 * done) / total;
  return `${done < total ? Math.min(99, Math.floor(p)) : Math.round(p)}%`;
}

/** "1m05s" / "42s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export interface ReporterOptions {
  quiet?: boolean;
  /** Seconds between plain progress lines without a TTY (default 30). */
  everySeconds?: number;
  now?: () => number;
}

export interface ProgressReporter {
  onProgress(e: ProgressEvent): void;
  /** Clears the status line and stops the timer. */
  stop(): void;
}

/** Draws ProgressEvents on `io`: a live status line on a TTY, a line every 30 s otherwise. */
export function progressReporter(io: CliIO, opts: ReporterOptions = {}): ProgressReporter {
  if (opts.quiet) return { onProgress() {}, stop() {} };
  const now = opts.now ?? (() => performance.now() / 1000);
  const every = opts.everySeconds ?? 30;
  const live = io.stderrIsTTY && !!io.status;
  let state:
    | {
        task: string;
        where: string;
        phase: 'loading' | 'encoding' | 'retrieving' | 'scoring';
        since: number;
        done: number;
        total: number;
        unit?: string;
        /** The scoring step under way, timed from its first report. */
        step?: { what: string; done: number; total: number; since: number };
      }
    | undefined;
  let lastLine = now();
  let lastDraw = 0;
  let cacheShown: string | undefined;

  const text = (): string => {
    if (!state) return '';
    const t = now();
    const head = `${state.task}${state.where ? ` ${state.where}` : ''}`;
    if (state.phase === 'encoding' || state.phase === 'retrieving') {
      const secs = t - state.since;
      const unit = state.unit ?? 'texts';
      const rate = secs > 0 ? state.done / secs : 0;
      const eta = rate > 0 && state.total > state.done ? `, ETA ${duration((state.total - state.done) / rate)}` : '';
      const of = state.total ? `${state.done}/${state.total} ${unit} (${percent(state.done, state.total)})` : unit;
      return `${head}: ${state.phase} ${of}, ${rate.toFixed(1)} ${unit}/s${eta}, ${duration(secs)}`;
    }
    const step = state.step;
    if (state.phase === 'scoring' && step) {
      const secs = t - step.since;
      const rate = secs > 0 ? step.done / secs : 0;
      const eta = rate > 0 && step.total > step.done ? `, ETA ${duration((step.total - step.done) / rate)}` : '';
      return `${head}: scoring, ${step.done}/${step.total} ${step.what} (${percent(step.done, step.total)})${eta}, ${duration(t - state.since)}`;
    }
    return `${head}: ${state.phase} for ${duration(t - state.since)}`;
  };
  const draw = (force = false) => {
    if (!state) return;
    const t = now();
    if (live) {
      if (force || t - lastDraw >= 0.2) {
        lastDraw = t;
        io.status!(text());
      }
    } else if (t - lastLine >= every) {
      lastLine = t;
      io.stderr(`  ${text()}`);
    }
  };
  // Long phases emit nothing (a k-means, a search, a slow encoder without progress): a timer keeps the line moving.
  const timer = setInterval(() => draw(), live ? 1000 : Math.min(every, 30) * 1000);
  timer.unref();

  return {
    onProgress(e) {
      const t = now();
      switch (e.kind) {
        case 'task':
          state = { task: e.task, where: '', phase: 'loading', since: t, done: 0, total: 0 };
          lastLine = t;
          break;
        case 'encode':
          state = { task: e.task, where: e.where, phase: e.verb ?? 'encoding', since: t, done: 0, total: e.texts };
          break;
        case 'cache': {
          if (state) {
            state.total = e.total - e.cached;
            state.since = t;
          }
          // The hit rate as the task starts encoding, once per task: a line of its own, kept in the log.
          if (cacheShown === e.task) break;
          cacheShown = e.task;
          if (live) io.status!('');
          const pct = e.total ? ((100 * e.cached) / e.total).toFixed(0) : '0';
          io.stderr(`  ${e.task} ${e.where}: ${e.total} texts, ${e.cached} in the embedding cache (${pct}%)`);
          break;
        }
        case 'encoded':
          if (state) {
            state.done = e.done;
            state.total = e.total;
            if (e.unit) state.unit = e.unit;
          }
          break;
        case 'scoring':
          state = { task: e.task, where: e.where, phase: 'scoring', since: t, done: 0, total: 0 };
          break;
        case 'step': {
          // a step outside a scoring phase (before any encode call) starts one; a new `what` restarts the rate
          if (state?.phase !== 'scoring' || state.where !== e.where) {
            state = { task: e.task, where: e.where, phase: 'scoring', since: t, done: 0, total: 0 };
          }
          const prev = state.step;
          const since = prev && prev.what === e.what && e.done >= prev.done ? prev.since : t;
          state.step = { what: e.what, done: e.done, total: e.total, since };
          draw(e.done === 0 || e.done >= e.total);
          return;
        }
        case 'end':
          state = undefined;
          if (live) io.status!('');
          return;
      }
      draw(e.kind !== 'encoded');
    },
    stop() {
      clearInterval(timer);
      if (live && state) io.status!('');
      state = undefined;
    },
  };
}
