/**
 * A hub model at a pinned revision, fetched with the same hub client as datasets (hub/: retries,
 * Retry-After, timeouts, hash checks, cross-process locks, no partial files) into the huggingface_hub cache
 * layout `<HF_HUB_CACHE>/models--owner--name/{blobs,snapshots/<commit>,refs}`, which Python shares.
 * Only the files the encoder reads are fetched: config and tokenizer, the sentence-transformers files that
 * exist, and the ONNX file of the chosen dtype (plus its external-data files). The snapshot folder is then
 * loaded exactly like a local model folder, so transformers.js itself never downloads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError, withContext } from '../../core/errors.js';
import { defaultCacheDir } from '../../hub/cache.js';
import { listSnapshot, type RemoteFile, sharedHubClient } from '../../hub/client.js';
import type { DataOptions } from '../../hub/options.js';

export interface HubModelSettings {
  /** HF_ENDPOINT */
  endpoint?: string;
  /** HF_HUB_CACHE (or $HF_HOME/hub, or ~/.cache/huggingface/hub) */
  cacheDir: string;
  /** HF_HUB_OFFLINE: cache only. */
  offline: boolean;
  /** HF_TOKEN: sent as a bearer token to the hub, never logged. */
  token?: string;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

export interface HubModelSnapshot {
  /** The snapshot folder: a complete local model folder for the files fetched. */
  dir: string;
  /** The commit the revision resolved to. */
  commit: string;
  /** Repo-relative paths fetched (or found in the cache offline). */
  files: string[];
}

/** Transformer files besides the ONNX weights; the first three are required. */
const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const OPTIONAL = ['special_tokens_map.json', 'sentence_bert_config.json'];
/** sentence-transformers files at the repo root. */
const ST_ROOT = ['modules.json', 'config_sentence_transformers.json'];

export function hubModelSettings(env: DataOptions): HubModelSettings {
  return {
    endpoint: env.endpoint,
    cacheDir: env.cacheDir ?? defaultCacheDir(),
    offline: env.offline ?? false,
    token: env.token,
    timeoutMs: env.timeoutMs,
    log: env.log,
  };
}

/**
 * Resolves `revision` to a commit and makes sure the snapshot holds what the encoder needs for `onnxFile`
 * (`onnx/model<suffix>.onnx`, relative to the Transformer module's folder).
 */
export async function fetchHubModel(
  repo: string,
  revision: string,
  onnxFile: string,
  s: HubModelSettings,
  label: string,
  dtypeHint: (present: string[]) => string,
): Promise<HubModelSnapshot> {
  const client = sharedHubClient(s, 'model');
  try {
    const commit = await client.resolveRevision(repo, revision);
    const dir = client.cache(repo).snapshotDir(commit);
    let listing: Map<string, RemoteFile>;
    if (s.offline) listing = new Map(listSnapshot(dir).map((path) => [path, { path, size: -1 }]));
    else listing = new Map((await client.listFiles(repo, commit)).map((f) => [f.path, f]));
    const fetched: string[] = [];
    const fetch = async (paths: string[]) => {
      await Promise.all(
        paths.map((p) => (s.offline ? client.cachedFile(repo, revision, commit, p) : client.download(repo, commit, listing.get(p)!))),
      );
      fetched.push(...paths);
    };

    await fetch(ST_ROOT.filter((f) => listing.has(f)));
    const modules = readModules(join(dir, 'modules.json'));
    const transformer = modules.find((m) => /\.Transformer$/.test(m.type ?? ''));
    const sub = transformer?.path ? `${transformer.path}/` : '';
    const wanted = new Set<string>();
    for (const f of [...REQUIRED, ...OPTIONAL]) if (listing.has(`${sub}${f}`)) wanted.add(`${sub}${f}`);
    // Pooling / Normalize / ... module configs: their small JSON files (2_Normalize usually has none).
    const moduleDirs = modules.filter((m) => m !== transformer && m.path).map((m) => `${m.path}/`);
    if (!modules.length) moduleDirs.push('1_Pooling/');
    for (const p of listing.keys())
      if (p.endsWith('.json') && moduleDirs.some((d) => p.startsWith(d) && !p.slice(d.length).includes('/'))) wanted.add(p);

    const onnx = `${sub}${onnxFile}`;
    for (const f of [...REQUIRED.map((x) => `${sub}${x}`), onnx]) {
      if (listing.has(f)) continue;
      if (s.offline) await client.cachedFile(repo, revision, commit, f); // throws: names repo, revision and file
      const present = [...listing.keys()].filter((p) => p.startsWith(`${sub}onnx/`) && p.endsWith('.onnx')).map((p) => p.slice(sub.length));
      throw new ModelError(`model ${repo} at revision ${revision} (commit ${commit}) has no ${f}`, {
        model: label,
        file: `${repo}@${revision}/${f}`,
        hint:
          f === onnx
            ? present.length
              ? dtypeHint(present)
              : 'the repo ships no ONNX export; use an ONNX mirror (e.g. Xenova/<name>) or export it with optimum'
            : 'the repo is not a transformers model with a fast tokenizer (tokenizer.json); use a repo that has it, or a local folder',
      });
    }
    wanted.add(onnx);
    // ONNX external data (models over 2 GB): model.onnx_data, model.onnx_data_1, ...
    for (const p of listing.keys()) if (p.startsWith(`${onnx}_data`)) wanted.add(p);
    await fetch([...wanted]);
    return { dir, commit, files: fetched.sort() };
  } catch (e) {
    throw withContext(e, { model: label });
  }
}

function readModules(file: string): { type?: string; path?: string }[] {
  if (!existsSync(file)) return [];
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(m) ? (m as { type?: string; path?: string }[]) : [];
  } catch {
    return []; // readStConfig reports the bad JSON with its file name
  }
}
