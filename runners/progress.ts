/**
 * Progress inside a task: what `evaluate` reports (task start, each encode call with its cache hits and texts done,
 * scoring between encode calls), and the reporter `run` draws from it: a status line rewritten in place on a TTY,
 * a plain line every 30 s elsewhere (CI logs), nothing with --quiet. The cache hit rate of each encode call is a
 * line of its own, so it stays in the log.
 */
import type { EncodeContext, Encoder } from '../core/encoder.js';
import type { CliIO } from './cli-io.js';

export type ProgressEvent =
  | { kind: 'task'; task: string }
  | { kind: 'encode'; task: string; where: string; texts: number }
  | { kind: 'cache'; task: string; where: string; cached: number; total: number }
  | { kind: 'encoded'; task: string; where: string; done: number; total: number }
  | { kind: 'scoring'; task: string; where: string }
  | { kind: 'end'; task: string };

/** The encoder with each call reported: start, cache lookup, texts done, then scoring until the next call. */
export function withProgress(inner: Encoder, emit: (e: ProgressEvent) => void): Encoder {
  return {
    ...inner,
    async encode(texts, ctx) {
      const task = ctx.task.name;
      const where = `${ctx.split}/${ctx.subset}${ctx.promptType ? ` ${ctx.promptType === 'query' ? 'queries' : 'documents'}` : ''}`;
      emit({ kind: 'encode', task, where, texts: texts.length });
      const outer = ctx.onProgress;
      const inner2: EncodeContext = {
        ...ctx,
        onCacheLookup: (cached, total) => {
          ctx.onCacheLookup?.(cached, total);
          emit({ kind: 'cache', task, where, cached, total });
        },
        onProgress: (done, total) => {
          outer?.(done, total);
          emit({ kind: 'encoded', task, where, done, total });
        },
      };
      try {
        return await inner.encode(texts, inner2);
      } finally {
        emit({ kind: 'scoring', task, where });
      }
    },
  };
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
    | { task: string; where: string; phase: 'loading' | 'encoding' | 'scoring'; since: number; done: number; total: number; rateFrom: number }
    | undefined;
  let lastLine = now();
  let lastDraw = 0;
  let cacheShown: string | undefined;

  const text = (): string => {
    if (!state) return '';
    const t = now();
    const head = `${state.task}${state.where ? ` ${state.where}` : ''}`;
    if (state.phase === 'encoding') {
      const secs = t - state.since;
      const rate = secs > 0 ? state.done / secs : 0;
      const eta = rate > 0 && state.total > state.done ? `, ETA ${duration((state.total - state.done) / rate)}` : '';
      const of = state.total ? `${state.done}/${state.total} texts (${((100 * state.done) / state.total).toFixed(0)}%)` : 'texts';
      return `${head}: encoding ${of}, ${rate.toFixed(1)} texts/s${eta}, ${duration(secs)}`;
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
          state = { task: e.task, where: '', phase: 'loading', since: t, done: 0, total: 0, rateFrom: t };
          lastLine = t;
          break;
        case 'encode':
          state = { task: e.task, where: e.where, phase: 'encoding', since: t, done: 0, total: e.texts, rateFrom: t };
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
          }
          break;
        case 'scoring':
          state = { task: e.task, where: e.where, phase: 'scoring', since: t, done: 0, total: 0, rateFrom: t };
          break;
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
