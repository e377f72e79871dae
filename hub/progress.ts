/** A one-line download progress bar on stderr, only when stderr is a TTY (never in piped/CI output). */
import { type RawEnv, readEnv } from '../core/env.js';

export interface ProgressBar {
  update(bytes: number): void;
  done(): void;
}

const NOOP: ProgressBar = { update() {}, done() {} };

/** Files below this size download too fast for a bar to help. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, env?: RawEnv): ProgressBar {
  // HF_HUB_DISABLE_PROGRESS_BARS silences huggingface_hub's bars; honour it too.
  const disabled = readEnv(env).HF_HUB_DISABLE_PROGRESS_BARS;
  if (disabled || !stream.isTTY || total < PROGRESS_MIN_BYTES) return NOOP;
  const start = Date.now();
  let last = 0;
  let current = 0;
  const draw = () => {
    const frac = total ? Math.min(1, current / total) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const secs = Math.max(0.001, (Date.now() - start) / 1000);
    const mb = (n: number) => (n / 1048576).toFixed(1);
    const cols = stream.columns ?? 100;
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0)}% ${mb(current)}/${mb(total)} MiB ${mb(current / secs)} MiB/s`;
    stream.write(`\r${line.slice(0, cols - 1)}\x1b[K`);
  };
  return {
    update(bytes) {
      current = bytes;
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        draw();
      }
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}
