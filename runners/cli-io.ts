import { redact } from '../core/redact.js';
import type { ModelOptions } from '../models/options.js';

/** Where a command writes: stdout for results, stderr for progress and errors (tests capture both). */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
}

/** `io` with every line passed through core/redact.ts. */
export function redactingIO(io: CliIO): CliIO {
  return { ...io, stdout: (s) => io.stdout(redact(s)), stderr: (s) => io.stderr(redact(s)) };
}

export const defaultIO = (): CliIO => ({
  stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  stderrIsTTY: !!process.stderr.isTTY,
});

/** ModelOptions from the parsed model flags shared by run and embed. */
export function modelOptionsFrom(o: Record<string, unknown>): ModelOptions {
  return {
    revision: o.modelRevision as string | undefined,
    batchSize: o.batchSize as number | undefined,
    hubMirror: (o.hubMirror as string | undefined) ?? process.env.MTEB_HUB_MIRROR,
    prompts: o.prompts as Record<string, string> | undefined,
    dtype: o.dtype as string | undefined,
    threads: o.threads as number | undefined,
    cacheDir: o.cacheDir as string | undefined,
    noCache: o.cache === false,
    pooling: o.pooling as string | undefined,
    normalize: o.normalize as boolean | undefined,
    maxSeqLength: o.maxSeqLength as number | undefined,
    device: o.device as string | undefined,
  };
}
