import { type RawEnv, secretEnvValues } from './env.js';
import { ConfigError } from './errors.js';

/**
 * One redaction for every path that prints or stores text: CLI output (errors, logs, --json), result files and
 * model metadata. It removes the values of secret-looking environment variables (HF_TOKEN, OPENAI_API_KEY,
 * MTEB_HTTP_TOKEN: any *_TOKEN / *_API_KEY / *_SECRET / *_PASSWORD of 8+ characters), secrets registered at run time, the
 * userinfo of URLs (`http://user:secret@host`), bearer tokens and Hugging Face / OpenAI key shapes.
 */

// Shorter values are too likely to be ordinary words (a variable set to "test" must not blank every "test").
const MIN_SECRET_LENGTH = 8;
const registered = new Set<string>();

/** Adds values (e.g. a key read from a file) to what every later redaction removes. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) registered.add(value);
}

function secretValues(env: RawEnv | undefined): string[] {
  const out = new Set(registered);
  for (const v of secretEnvValues(env)) if (v.length >= MIN_SECRET_LENGTH) out.add(v);
  return [...out];
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi;
const KEY_SHAPES = /\b(hf_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9_-]{16,})\b/g;

/** `text` with every secret replaced by `***`; `extra` adds secrets known to the caller (e.g. the key it sent). */
export function redact(text: string, extra: readonly (string | undefined)[] = [], env?: RawEnv): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  const secrets = [...extra.filter((s): s is string => !!s && s.length >= 4), ...secretValues(env)].sort((a, b) => b.length - a.length);
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out.replace(URL_USERINFO, '$1***@').replace(BEARER, '$1***').replace(KEY_SHAPES, '***');
}

/** `url` without userinfo, for metadata (model_meta.json's api_base) and messages. */
export function stripCredentials(url: string): string {
  return url.replace(URL_USERINFO, '$1');
}

/**
 * Refuses a URL that carries credentials: the key belongs in an environment variable, and a URL ends up in
 * metadata, logs and error messages. (Such a request never authenticates with the API anyway.)
 */
export function assertNoCredentials(url: string, what: string, hint: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // not a URL: the caller reports that
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(`${what} ${stripCredentials(url)} carries credentials (user:password@); remove them`, { hint });
  }
}
