/**
 * Static token-embedding models from a hub repo or a folder: a safetensors embedding matrix and a tokenizer.json.
 *
 * `static:<repo|path>` — sentence-transformers' StaticEmbedding module (sentence_transformers/models/StaticEmbedding.py)
 *   and what follows it in modules.json: ids from `encode_batch(texts, add_special_tokens=False)` (no truncation but
 *   tokenizer.json's own), nn.EmbeddingBag mean over every id (unknown-token ids included), zero vector for a text
 *   without tokens; then Normalize when modules.json lists it; then `truncate_dim` (?dimensions=N) cuts the result,
 *   after normalization, as SentenceTransformer.encode does. Weights: "embedding.weight", or model2vec's "embeddings".
 *   A folder without modules.json is read as model2vec saves it: StaticEmbedding at the root, Normalize when its
 *   config.json says normalize. This is how mteb runs potion-*, M2V_* and static-*-mrl-* models.
 *
 * `model2vec:<repo|path>` — model2vec's StaticModel.encode (model2vec/model.py, as mteb's Model2VecModel calls it,
 *   max_length=512): each text cut to 512 x median token length characters, ids without special tokens, the
 *   tokenizer model's unknown-token id removed, at most 512 ids; rows looked up through the optional "mapping" and
 *   scaled by the optional "weights" tensors, averaged; zero vector for no ids; when config.json says normalize,
 *   divided by (norm + 1e-32). ?dimensions=N keeps the first N columns of the matrix before all of this
 *   (from_pretrained(dimensionality=N)).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { EncodeContext, Encoder, ModelMeta } from '../../core/encoder.js';
import { ConfigError, ModelError, withContext } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { listSnapshot, type RemoteFile, sharedHubClient } from '../../hub/client.js';
import { dataOptionsFromEnv } from '../../hub/options.js';
import { splitSpec } from '../api-encoder.js';
import { readModelJson } from '../model-json.js';
import type { ModelOptions } from '../options.js';
import { type PromptMap, parsePromptsOption, resolvePrompt, selectPrompts } from '../prompts.js';
import { hubModelSettings } from '../sentence-transformers/hub-snapshot.js';
import { StaticTokenizer } from './hf-tokenizer.js';
import { findKnownStatic, type KnownStaticModel, type StaticSemantics } from './known-static.js';
import { SafetensorsFile } from './safetensors.js';

/** Files a static model may need, relative to the repo root. */
const HUB_FILES = [
  'modules.json',
  'config.json',
  'config_sentence_transformers.json',
  'model.safetensors',
  'tokenizer.json',
  '0_StaticEmbedding/model.safetensors',
  '0_StaticEmbedding/tokenizer.json',
];

interface Folder {
  dir: string;
  label: string;
  revision?: string;
  commit?: string;
}

interface Layout {
  /** Folder of the embedding module, relative to the model folder ('' = root). */
  path: string;
  weightsKey: string;
  normalize: boolean;
  /** model2vec: tensors for vocabulary-quantized models. */
  extra: boolean;
  sources: string[];
}

async function resolveFolder(spec: string, opts: ModelOptions, known: KnownStaticModel | undefined, model: string): Promise<Folder> {
  const raw = spec.trim();
  const local = raw.startsWith('~') ? join(homedir(), raw.slice(1)) : raw;
  const isRepoId = /^[\w.-]+\/[\w.-]+(@[\w.-]+)?$/.test(raw) && !raw.startsWith('.');
  if (!isRepoId || isAbsolute(local) || (existsSync(local) && statSync(local).isDirectory())) {
    const dir = resolve(local);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ModelError('the model folder does not exist', { model, file: dir });
    const snap = /snapshots[\\/]([0-9a-f]{40})/.exec(dir);
    return { dir, label: raw, revision: snap?.[1] };
  }
  const [repo, revSuffix] = raw.split('@') as [string, string | undefined];
  const revision = (opts.revision as string | undefined) ?? revSuffix ?? known?.revision ?? 'main';
  const env = dataOptionsFromEnv();
  if (opts.offline) env.offline = true;
  const mirror = opts.hubMirror ?? env.hubMirror;
  if (mirror) {
    const dir = join(mirror, 'models', ...repo.split('/'));
    if (existsSync(dir)) return { dir, label: repo, revision: known?.revision };
  }
  const s = hubModelSettings(env);
  const client = sharedHubClient(s, 'model');
  try {
    const commit = await client.resolveRevision(repo, revision);
    const dir = client.cache(repo).snapshotDir(commit);
    const listing: Map<string, RemoteFile> = s.offline
      ? new Map(listSnapshot(dir).map((path) => [path, { path, size: -1 }]))
      : new Map((await client.listFiles(repo, commit)).map((f) => [f.path, f]));
    const wanted = HUB_FILES.filter((f) => listing.has(f));
    await Promise.all(wanted.map((p) => (s.offline ? client.cachedFile(repo, revision, commit, p) : client.download(repo, commit, listing.get(p)!))));
    return { dir, label: repo, revision: commit, commit };
  } catch (e) {
    throw withContext(e, { model });
  }
}

/** sentence-transformers' view of the folder: modules.json, or model2vec's layout when there is none. */
function stLayout(dir: string, model: string): Layout {
  const modulesFile = join(dir, 'modules.json');
  const modules = readModelJson<{ type?: string; path?: string }[]>(modulesFile, model);
  if (modules) {
    if (!Array.isArray(modules) || !modules.length || !/StaticEmbedding$/.test(modules[0]!.type ?? '')) {
      throw new ModelError('modules.json does not start with a StaticEmbedding module: not a static model', {
        model,
        file: modulesFile,
        hint: 'transformer models run as hf:<repo>',
      });
    }
    let normalize = false;
    for (const m of modules.slice(1)) {
      if (/\.Normalize$/.test(m.type ?? '')) normalize = true;
      else throw new ModelError(`module ${m.type} after StaticEmbedding is not supported (only Normalize)`, { model, file: modulesFile });
    }
    const path = (modules[0]!.path ?? '').replace(/^\.\/?$/, '');
    return { path, weightsKey: 'embedding.weight|embeddings', normalize, extra: false, sources: ['modules.json'] };
  }
  const cfg = readModelJson<{ normalize?: boolean }>(join(dir, 'config.json'), model);
  return {
    path: '',
    weightsKey: 'embedding.weight|embeddings',
    normalize: cfg?.normalize ?? false,
    extra: false,
    sources: ['config.json (model2vec layout)'],
  };
}

/** model2vec's FOLDER_LAYOUTS (model2vec/persistence/datamodels.py), tried in order. */
function m2vLayout(dir: string, model: string): Layout {
  const layouts = [
    { config: 'config.json', path: '', key: 'embeddings' },
    { config: 'config_sentence_transformers.json', path: '', key: 'embedding.weight' },
    { config: 'config_sentence_transformers.json', path: '0_StaticEmbedding', key: 'embedding.weight' },
  ];
  for (const l of layouts) {
    const p = l.path ? `${l.path}/` : '';
    if ([l.config, `${p}model.safetensors`, `${p}tokenizer.json`].every((f) => existsSync(join(dir, f)))) {
      const cfg = readModelJson<{ normalize?: boolean }>(join(dir, l.config), model);
      return { path: l.path, weightsKey: l.key, normalize: cfg?.normalize ?? false, extra: true, sources: [l.config] };
    }
  }
  throw new ModelError('no model2vec layout found (config.json, model.safetensors and tokenizer.json, or the sentence-transformers layouts)', {
    model,
    file: dir,
  });
}

export async function createStatic(semantics: StaticSemantics, spec: string, opts: ModelOptions): Promise<Encoder> {
  const { name: where, query } = splitSpec(spec);
  const modelId = `${semantics}:${spec}`;
  if (!where.trim())
    throw new ConfigError(`${semantics}: needs a hub repo or a folder, e.g. ${semantics}:minishlab/potion-base-8M`, { model: modelId });
  for (const k of query.keys())
    if (!['dimensions', 'normalize'].includes(k))
      throw new ConfigError(`unknown model option "${k}"`, { model: modelId, hint: 'options: dimensions, normalize' });
  const known = findKnownStatic(where);
  const dimsRaw = query.get('dimensions') ?? (opts.dimensions as string | number | undefined);
  const dims = dimsRaw === undefined || dimsRaw === null ? undefined : Number(dimsRaw);
  if (dims !== undefined && !(Number.isInteger(dims) && dims > 0))
    throw new ConfigError(`dimensions must be a positive integer, got "${dimsRaw}"`, { model: modelId });

  const folder = await resolveFolder(where, opts, known, modelId);
  const layout = semantics === 'static' ? stLayout(folder.dir, modelId) : m2vLayout(folder.dir, modelId);
  const normRaw = query.get('normalize');
  if (normRaw !== null) layout.normalize = normRaw === '1' || normRaw === 'true';
  else if (opts.normalize !== undefined) layout.normalize = !!opts.normalize;
  const sub = layout.path ? `${layout.path}/` : '';
  const weightsFile = join(folder.dir, `${sub}model.safetensors`);
  const tokFile = join(folder.dir, `${sub}tokenizer.json`);
  if (!existsSync(weightsFile)) {
    throw new ModelError('the model has no model.safetensors', {
      model: modelId,
      file: weightsFile,
      hint: existsSync(join(folder.dir, `${sub}pytorch_model.bin`))
        ? 'only safetensors weights are read; convert pytorch_model.bin with safetensors'
        : undefined,
    });
  }
  if (!existsSync(tokFile)) throw new ModelError('the model has no tokenizer.json', { model: modelId, file: tokFile });
  const st = new SafetensorsFile(weightsFile, modelId);
  const key = layout.weightsKey.split('|').find((k) => st.has(k));
  if (!key)
    throw new ModelError(`the safetensors file has none of the tensors ${layout.weightsKey.replace('|', ', ')}`, {
      model: modelId,
      file: weightsFile,
    });
  const emb = st.readFloat(key);
  if (emb.shape.length !== 2)
    throw new ModelError(`tensor "${key}" has shape [${emb.shape}], expected [vocabulary, dim]`, { model: modelId, file: weightsFile });
  const tokenizer = await StaticTokenizer.load(tokFile, modelId);
  const [rows, fullDim] = emb.shape as [number, number];
  let mapping: Float32Array | undefined;
  let weights: Float32Array | undefined;
  if (layout.extra) {
    if (st.has('mapping')) mapping = st.readFloat('mapping').data;
    if (st.has('weights')) weights = st.readFloat('weights').data;
    if (!mapping && rows !== tokenizer.tokens.length) {
      throw new ModelError(`number of tokens (${tokenizer.tokens.length}) does not match number of vectors (${rows})`, {
        model: modelId,
        file: weightsFile,
        hint: 'the tokenizer.json and model.safetensors do not belong together',
      });
    }
  }
  if (dims !== undefined && dims > fullDim) throw new ConfigError(`dimensions ${dims} is more than the model's ${fullDim}`, { model: modelId });

  const stc = readModelJson<{ prompts?: PromptMap; default_prompt_name?: string | null }>(
    join(folder.dir, 'config_sentence_transformers.json'),
    modelId,
  );
  let userPrompts: PromptMap | undefined;
  if (opts.prompts !== undefined) userPrompts = parsePromptsOption(opts.prompts, (p) => readFileSync(p, 'utf8'));
  // mteb's Model2VecModel passes no prompt; sentence-transformers models use their configured prompts
  const chosen =
    semantics === 'static'
      ? selectPrompts({ source: '--prompts', prompts: userPrompts }, { source: 'config_sentence_transformers.json', prompts: stc?.prompts })
      : { prompts: {} as PromptMap };
  const outDim = dims ?? fullDim;
  const name = known?.name ?? folder.label;
  const revision = folder.revision ?? known?.revision;
  const stamp = (f: string) => {
    const s = statSync(f);
    return `${s.size}@${Math.round(s.mtimeMs)}`;
  };
  const identity = [
    semantics,
    `dims=${outDim}`,
    `norm=${layout.normalize}`,
    ...(folder.commit ? [`commit=${folder.commit}`] : [stamp(weightsFile), stamp(tokFile)]),
  ].join(';');
  const meta: ModelMeta = {
    name,
    revision,
    embedDim: outDim,
    similarity: 'cosine',
    framework: semantics === 'static' ? ['Sentence Transformers', 'safetensors'] : ['NumPy', 'safetensors'],
    prompts: chosen.prompts,
    extra: {
      semantics: semantics === 'static' ? 'sentence-transformers StaticEmbedding' : 'model2vec StaticModel.encode(max_length=512)',
      normalize: layout.normalize,
      dimensions: outDim,
      full_dimensions: fullDim,
      vocabulary: rows,
      weights_tensor: key,
      config_sources: layout.sources,
      ...(known?.matryoshkaDims ? { matryoshka_dimensions: known.matryoshkaDims } : {}),
    },
  };
  return new StaticEmbeddingEncoder(
    semantics,
    meta,
    identity,
    tokenizer,
    emb.data,
    rows,
    fullDim,
    outDim,
    layout.normalize,
    chosen.prompts,
    stc?.default_prompt_name ?? undefined,
    mapping,
    weights,
    weightsFile,
  );
}

export class StaticEmbeddingEncoder implements Encoder {
  readonly name: string;
  readonly revision?: string;
  readonly similarity = 'cosine' as const;
  private readonly medianTokenLength: number;

  constructor(
    readonly semantics: StaticSemantics,
    readonly meta: ModelMeta,
    readonly cacheIdentity: string,
    readonly tokenizer: StaticTokenizer,
    private readonly table: Float32Array,
    private readonly rows: number,
    private readonly fullDim: number,
    readonly dim: number,
    readonly normalize: boolean,
    private readonly prompts: PromptMap,
    private readonly defaultPromptName: string | undefined,
    private readonly mapping: Float32Array | undefined,
    private readonly weights: Float32Array | undefined,
    private readonly weightsFile: string,
  ) {
    this.name = meta.name;
    this.revision = meta.revision;
    // model2vec: int(np.median([len(token) for token in tokens]))
    const lens = tokenizer.tokens.map((t) => [...t].length).sort((a, b) => a - b);
    const n = lens.length;
    this.medianTokenLength = n ? Math.trunc(n % 2 ? lens[(n - 1) / 2]! : (lens[n / 2 - 1]! + lens[n / 2]!) / 2) : 0;
  }

  resolvePrompt(ctx: EncodeContext): string | undefined {
    return resolvePrompt(this.prompts, ctx.task.name, ctx.task.type, ctx.promptType, this.defaultPromptName).text || undefined;
  }

  /** Token ids the model averages for one text. */
  ids(text: string): number[] {
    if (this.semantics === 'static') return this.tokenizer.encode(text);
    const MAX = 512;
    const m = MAX * this.medianTokenLength;
    const cps = [...text];
    const cut = cps.length > m ? cps.slice(0, m).join('') : text;
    const unk = this.tokenizer.unkId;
    const ids = this.tokenizer.encode(cut).filter((id) => id !== unk);
    return ids.length > MAX ? ids.slice(0, MAX) : ids;
  }

  async encode(texts: readonly string[], ctx: EncodeContext): Promise<Matrix> {
    const prompt = this.resolvePrompt(ctx) ?? '';
    const { dim, fullDim } = this;
    // model2vec truncates the matrix before averaging; sentence-transformers truncates the output
    const width = this.semantics === 'model2vec' ? dim : fullDim;
    const out = new Float32Array(texts.length * dim);
    const acc = new Float64Array(width);
    const row = new Float32Array(width);
    texts.forEach((text, i) => {
      const ids = this.ids(prompt + text);
      acc.fill(0);
      for (const id of ids) {
        const r = this.mapping ? this.mapping[id]! : id;
        if (!(id >= 0 && r < this.rows && (!this.mapping || id < this.mapping.length))) {
          throw new ModelError(`token id ${id} is outside the embedding matrix (${this.rows} rows)`, {
            model: this.name,
            file: this.weightsFile,
            row: i,
          });
        }
        const off = r * fullDim;
        if (this.weights) {
          const w = Math.fround(this.weights[id]!);
          for (let d = 0; d < width; d++) acc[d]! += Math.fround(this.table[off + d]! * w);
        } else for (let d = 0; d < width; d++) acc[d]! += this.table[off + d]!;
      }
      if (ids.length) for (let d = 0; d < width; d++) row[d] = acc[d]! / ids.length;
      else row.fill(0);
      if (this.normalize) {
        let ss = 0;
        for (let d = 0; d < width; d++) ss += row[d]! * row[d]!;
        // sentence-transformers' F.normalize: x / max(|x|, 1e-12); model2vec: x / (|x| + 1e-32)
        const norm = this.semantics === 'static' ? Math.max(Math.sqrt(ss), 1e-12) : Math.fround(Math.sqrt(ss)) + 1e-32;
        for (let d = 0; d < width; d++) row[d] = row[d]! / norm;
      }
      out.set(row.subarray(0, dim), i * dim);
    });
    return { rows: texts.length, cols: dim, data: out };
  }
}
