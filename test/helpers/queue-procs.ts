import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (tests spawn the CLI from the TypeScript sources there). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Proc {
  child: ChildProcess;
  pid: number;
  out: () => string;
  exited: Promise<number | null>;
}

/** `mteb-ts <args>` in its own process (node --import tsx), output captured. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/cli-main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += String(d)));
  child.stderr!.on('data', (d) => (text += String(d)));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, pid: child.pid!, out: () => text, exited };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 120_000, everyMs = 200): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A `module:` encoder in plain JS for worker processes: word-hash vectors (deterministic), with optional
 * behaviour per file: sleep per encode call, block the event loop, kill its own process (a poison model), or wait
 * while a hold file exists (a test parks a worker mid-job that way).
 */
export function writeModuleModel(
  dir: string,
  name: string,
  behaviour: {
    sleepMs?: number;
    blockMs?: number;
    /** Appends `{"start":ms,"end":ms}` (Date.now()) per block, so a test knows when the event loop was blocked. */
    blockLog?: string;
    poison?: boolean;
    cacheable?: boolean;
    logFile?: string;
    holdFile?: string;
  } = {},
): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `// Test encoder for queue tests (test/helpers/queue-procs.ts).
export default {
  name: 'test/${name}',
  revision: 'v1',
  meta: { name: 'test/${name}', revision: 'v1' },
  cacheable: ${behaviour.cacheable ? 'true' : 'false'},
  async encode(texts, ctx) {
    ${behaviour.logFile ? `(await import('node:fs')).appendFileSync(${JSON.stringify(behaviour.logFile)}, JSON.stringify({ pid: process.pid, promptType: ctx.promptType ?? null, texts }) + '\\n');` : ''}
    ${behaviour.poison ? "process.kill(process.pid, 'SIGKILL');" : ''}
    ${behaviour.holdFile ? `while ((await import('node:fs')).existsSync(${JSON.stringify(behaviour.holdFile)})) await new Promise((r) => setTimeout(r, 50));` : ''}
    ${behaviour.sleepMs ? `await new Promise((r) => setTimeout(r, ${behaviour.sleepMs}));` : ''}
    ${behaviour.blockMs ? `{ const start = Date.now(); const end = start + ${behaviour.blockMs}; while (Date.now() < end) {} ${behaviour.blockLog ? `(await import('node:fs')).appendFileSync(${JSON.stringify(behaviour.blockLog)}, JSON.stringify({ start, end: Date.now() }) + '\\n');` : ''} }` : ''}
    const dim = 32;
    const data = new Float32Array(texts.length * dim);
    texts.forEach((t, i) => {
      for (const w of t.toLowerCase().split(/\\s+/)) {
        if (!w) continue;
        let h = 2166136261;
        for (const ch of w) { h ^= ch.codePointAt(0); h = Math.imul(h, 16777619) >>> 0; }
        data[i * dim + (h % dim)] += h & 0x80000000 ? -1 : 1;
      }
    });
    return { rows: texts.length, cols: dim, data };
  },
};
`,
  );
  return file;
}
