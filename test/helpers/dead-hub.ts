/**
 * Tests of an unreachable hub: a loopback port nothing listens on, HF_ENDPOINT pointed at it, and the environment
 * and the client's memory of unreachable origins restored after each test. Not a test file (no `.test.`).
 */
import { createServer } from 'node:net';
import { afterEach } from 'vitest';
import { resetUnreachableOrigins } from '../../core/http.js';

/** A port nothing listens on: bind 127.0.0.1:0, read the number, close. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Points HF_ENDPOINT at a closed loopback port and HF_HUB_CACHE at `cache`; returns the endpoint. */
export async function useDeadHub(cache: string): Promise<string> {
  const endpoint = `http://127.0.0.1:${await closedPort()}`;
  process.env.HF_ENDPOINT = endpoint;
  process.env.HF_HUB_CACHE = cache;
  return endpoint;
}

/** Call in a describe block: after each of its tests, process.env is as it was and no origin counts as unreachable. */
export function restoreHubEnvAfterEach(): void {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetUnreachableOrigins();
  });
}
