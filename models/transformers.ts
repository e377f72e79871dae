/**
 * `hf:<repo or path>`: sentence-transformers semantics on transformers.js (ONNX Runtime, CPU).
 *
 * What sentence-transformers does and we repeat: prompt + text, strip, lower-case when do_lower_case, tokenize with
 * truncation to max_seq_length and per-batch padding, run the transformer, pool (1_Pooling/config.json), Normalize
 * when modules.json lists it. Texts are sorted by length (longest first, like ST) and batched, then put back in
 * input order.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { EncodeContext, Encoder, ModelMeta, SimilarityName } from '../core/encoder.js';
import { ConfigError, ModelError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { dataOptionsFromEnv } from '../hub/options.js';
import { checkDevice } from './device.js';
import { type InstructConfig, instructionPrompt } from './instructions.js';
import { findKnownModel, type KnownModelMatch } from './known-models.js';
import type { ModelOptions } from './options.js';
import { normalizeRows, type PoolingMode, pool } from './pooling.js';
import { type PromptMap, parsePromptsOption, type ResolvedPrompt, resolvePrompt as resolvePromptFor, selectPrompts } from './prompts.js';
import { parsePoolingMode, readStConfig, type StConfig } from './sentence-transformers/config.js';
import { describeFile, type ModelSource } from './sentence-transformers/files.js';
import { fetchHubModel, type HubModelSettings, hubModelSettings } from './sentence-transformers/hub-snapshot.js';
import { type EncodingTokenizer, eosToAppend, type TokenizedBatch, tokenizeBatch } from './sentence-transformers/tokenize.js';

type TF = typeof import('@huggingface/transformers');
type Tokenizer = Awaited<ReturnType<TF['AutoTokenizer']['from_pretrained']>>;
type Model = Awaited<ReturnType<TF['AutoModel']['from_pretrained']>>;
interface TensorLike {
  data: ArrayLike<number | bigint>;
  dims: number[];
}

/** --dtype -> transformers.js dtype and the ONNX file it loads (transformers.js DEFAULT_DTYPE_SUFFIX_MAPPING). */
const DTYPES: Record<string, { tf: string; suffix: string }> = {
  fp32: { tf: 'fp32', suffix: '' },
  fp16: { tf: 'fp16', suffix: '_fp16' },
  q8: { tf: 'q8', suffix: '_quantized' },
  int8: { tf: 'int8', suffix: '_int8' },
  uint8: { tf: 'uint8', suffix: '_uint8' },
  q4: { tf: 'q4', suffix: '_q4' },
  q4f16: { tf: 'q4f16', suffix: '_q4f16' },
  bnb4: { tf: 'bnb4', suffix: '_bnb4' },
};

export interface TransformersOptions extends ModelOptions {
  /** Replace / supply the pooling mode when the model has no 1_Pooling/config.json. */
  pooling?: string;
  normalize?: boolean;
  /** Override max_seq_length (sentence_bert_config.json). */
  maxSeqLength?: number;
  /**
   * Encode as mteb's InstructSentenceTransformerModel: the task instruction through this template (the known-model
   * registry supplies it for instruction-tuned models; set here for any other model). With it, --prompts is
   * the model's prompts_dict (instructions per task name, task type or prompt type).
   */
  instruct?: Partial<InstructConfig>;
}

export async function create(spec: string, opts: TransformersOptions = {}): Promise<Encoder> {
  if (!spec.trim())
    throw new ConfigError('hf: needs a hub repo id or a local folder, e.g. hf:sentence-transformers/all-MiniLM-L6-v2', { model: 'hf:' });
  const dtypeName = (opts.dtype ?? 'fp32').toLowerCase();
  const dtype = DTYPES[dtypeName];
  if (!dtype) throw new ConfigError(`unknown --dtype ${opts.dtype}`, { model: spec, hint: `use one of ${Object.keys(DTYPES).join(', ')}` });
  let poolingOverride: PoolingMode | undefined;
  if (opts.pooling !== undefined) {
    poolingOverride = parsePoolingMode(String(opts.pooling));
    if (!poolingOverride)
      throw new ConfigError(`unknown pooling "${opts.pooling}"`, {
        model: spec,
        hint: 'use mean, cls, max, lasttoken, weightedmean or mean_sqrt_len_tokens',
      });
  }
  let userPrompts: PromptMap | undefined;
  if (opts.prompts !== undefined) {
    try {
      userPrompts = parsePromptsOption(opts.prompts, (p) => readFileSync(p, 'utf8'));
    } catch (e) {
      throw new ConfigError((e as Error).message, {
        model: spec,
        hint: 'pass --prompts \'{"query": "query: ", "document": "passage: "}\' or a JSON file',
      });
    }
  }

  const device = checkDevice(opts.device as string | undefined, spec);
  const tf = await loadTransformers(spec);
  const { source: where, known } = resolveSource(spec, opts);
  // A hub repo is fetched into the HF cache (same client, cache and offline rules as datasets), then its
  // snapshot folder is loaded like any local folder.
  let source: ModelSource;
  let hub: { repo: string; revision: string; commit: string } | undefined;
  if (where.kind === 'hub') {
    const onnxFile = `onnx/model${dtype.suffix}.onnx`;
    const snap = await fetchHubModel(where.repo, where.revision, onnxFile, where.hub, where.label, (present) =>
      dtypeHint(onnxFile, dtypeName, present),
    );
    source = { kind: 'local', dir: snap.dir, label: where.label };
    hub = { repo: where.repo, revision: where.revision, commit: snap.commit };
  } else source = where;
  configureEnv(tf);
  const st = await readStConfig(source, known?.model, { pooling: poolingOverride, normalize: opts.normalize });
  const files = checkLocalFiles(source, st, dtypeName, dtype.suffix);

  const loadOpts = { local_files_only: true };
  const path = join(source.dir, st.transformerPath);
  let tokenizer: Tokenizer;
  let model: Model;
  try {
    tokenizer = await tf.AutoTokenizer.from_pretrained(path, loadOpts);
    const sessionOptions: Record<string, unknown> = { interOpNumThreads: 1 };
    if (opts.threads && opts.threads > 0) sessionOptions.intraOpNumThreads = opts.threads;
    model = await tf.AutoModel.from_pretrained(path, {
      ...loadOpts,
      dtype: dtype.tf as 'fp32',
      device,
      session_options: sessionOptions,
    });
  } catch (e) {
    throw loadError(e, source, dtypeName, dtype.suffix);
  }

  const config = (model as unknown as { config: { max_position_embeddings?: number; hidden_size?: number } }).config;
  // transformers.js reads tokenizer_config.json's add_eos_token but never applies it; HF does (decoder models)
  let appendEos: number | undefined;
  try {
    appendEos = eosToAppend(tokenizer as unknown as EncodingTokenizer, readTokenizerConfig(path).add_eos_token);
  } catch (e) {
    throw new ModelError((e as Error).message, {
      model: source.label,
      file: describeFile(source, join(st.transformerPath, 'tokenizer_config.json')),
    });
  }
  // ST's Transformer: max_seq_length from sentence_bert_config.json, else min(max_position_embeddings, model_max_length)
  const tokMax = (tokenizer as unknown as { model_max_length?: number }).model_max_length;
  let maxSeqLength = opts.maxSeqLength ?? st.maxSeqLength;
  if (maxSeqLength === undefined) {
    const cands = [config.max_position_embeddings, tokMax].filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0);
    maxSeqLength = cands.length ? Math.min(...cands) : 512;
  }

  const instruct = instructConfig(known?.model.instruct, opts.instruct, userPrompts);
  const chosen = selectPrompts(
    // an instruction model's --prompts are its prompts_dict (instructions), not sentence-transformers prompts
    { source: '--prompts', prompts: instruct ? undefined : userPrompts },
    { source: `known-models registry (${known?.model.name})`, prompts: known?.model.prompts },
    { source: 'config_sentence_transformers.json', prompts: st.prompts },
  );
  const prompts = chosen.prompts;
  const name = hub ? hub.repo : source.label;
  const revision = hub ? hub.commit : localRevision(source.dir, known);
  const similarity: SimilarityName = known?.model.similarity ?? st.similarity ?? 'cosine';
  const hidden = config.hidden_size;
  const meta: ModelMeta = {
    name,
    revision,
    embedDim:
      st.poolingDim !== undefined ? st.poolingDim * st.poolingModes.length : hidden !== undefined ? hidden * st.poolingModes.length : undefined,
    similarity,
    framework: ['transformers.js', 'ONNX'],
    prompts,
    extra: {
      dtype: dtypeName,
      device,
      pooling: st.poolingModes,
      include_prompt: st.includePrompt,
      normalize: st.normalize,
      max_seq_length: maxSeqLength,
      do_lower_case: st.doLowerCase,
      padding_side: (tokenizer as unknown as { padding_side?: string }).padding_side ?? 'right',
      append_eos_token: appendEos !== undefined,
      default_prompt_name: st.defaultPromptName ?? null,
      prompts_source: chosen.source ?? null,
      config_sources: st.sources,
      onnx_file: files.onnx,
      known_model: known ? { name: known.model.name, via_mirror: known.viaMirror } : null,
      ...(hub ? { hub_revision: hub.revision, hub_commit: hub.commit } : {}),
      prompts_used: {} as Record<string, string>,
      ...(instruct
        ? {
            instruct: {
              instruction_template: instruct.template ?? null,
              apply_instruction_to_passages: instruct.applyToPassages,
              prompts_dict: instruct.prompts ?? null,
            },
            // the instruction text each (task, prompt type) was encoded with; null = none (documents)
            instructions_used: {} as Record<string, string | null>,
          }
        : {}),
    },
  };
  // everything besides name/revision that changes the vectors, so the embedding cache misses when it changes
  const identity = [
    `dtype=${dtypeName}`,
    `pool=${st.poolingModes.join('+')}${st.includePrompt ? '' : '-noprompt'}`,
    `norm=${st.normalize}`,
    `max=${maxSeqLength}`,
    `lower=${st.doLowerCase}`,
    ...(appendEos !== undefined ? [`eos=${appendEos}`] : []),
    // a hub snapshot is immutable at its commit; a local folder may be edited in place
    ...(hub
      ? [`commit=${hub.commit}`]
      : [fileStamp(join(source.dir, files.onnx)), fileStamp(join(source.dir, st.transformerPath, 'tokenizer.json'))]),
  ].join(';');
  const encoder = new TransformersEncoder(tf, tokenizer, model, st, maxSeqLength, meta, prompts, opts.batchSize, identity, instruct);
  encoder.appendEos = appendEos;
  return encoder;
}

function readTokenizerConfig(dir: string): Record<string, unknown> {
  const file = join(dir, 'tokenizer_config.json');
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {}; // checkLocalFiles already required the file; transformers.js parsed it
  }
}

/** The registry's instruct settings, overridden field by field by the caller's; --prompts become prompts_dict. */
export function instructConfig(
  known: InstructConfig | undefined,
  override: Partial<InstructConfig> | undefined,
  userPrompts: PromptMap | undefined,
): InstructConfig | undefined {
  if (!known && !override) return undefined;
  const cfg: InstructConfig = { applyToPassages: true, ...known, ...override };
  if (userPrompts) cfg.prompts = { ...userPrompts };
  return cfg;
}

export class TransformersEncoder implements Encoder {
  readonly name: string;
  readonly revision?: string;
  readonly similarity: SimilarityName;
  private queue: Promise<unknown> = Promise.resolve();
  private promptLengths = new Map<string, number>();
  /** ST sorts by length to minimise padding; the encode benchmark turns it off to measure the gain. */
  sortByLength = true;
  /** EOS id appended to every text (tokenizer_config.json add_eos_token), or undefined. */
  appendEos: number | undefined;

  constructor(
    private readonly tf: TF,
    private readonly tokenizer: Tokenizer,
    private readonly model: Model,
    readonly st: StConfig,
    readonly maxSeqLength: number,
    readonly meta: ModelMeta,
    private readonly prompts: PromptMap,
    private readonly defaultBatchSize = 32,
    /** Settings and (for local folders) file stamps that the embedding cache keys on. */
    readonly cacheIdentity?: string,
    /** Set for instruction-tuned models: prompts come from the task instruction and this template. */
    readonly instruct?: InstructConfig,
  ) {
    this.name = meta.name;
    this.revision = meta.revision;
    this.similarity = meta.similarity ?? 'cosine';
  }

  /** The prompt mteb + sentence-transformers would use for this context (also the embedding cache key). */
  resolvePrompt(ctx: EncodeContext): string {
    return this.promptFor(ctx).text;
  }

  private promptFor(ctx: EncodeContext): ResolvedPrompt {
    if (this.instruct) {
      const text = instructionPrompt(ctx.task, ctx.promptType, this.instruct);
      // None: sentence-transformers applies the checkpoint's default prompt, if it names one
      if (text === null) return { text: this.defaultPrompt() };
      return { name: 'instruction', text };
    }
    return resolvePromptFor(this.prompts, ctx.task.name, ctx.task.type, ctx.promptType, this.st.defaultPromptName);
  }

  private defaultPrompt(): string {
    const name = this.st.defaultPromptName;
    return name && this.st.prompts?.[name] !== undefined ? this.st.prompts[name]! : '';
  }

  encode(texts: readonly string[], ctx: EncodeContext): Promise<Matrix> {
    const prompt = this.promptFor(ctx);
    const used = this.meta.extra!.prompts_used as Record<string, string>;
    const key = ctx.promptType ? `${ctx.task.name}-${ctx.promptType}` : ctx.task.name;
    used[key] = prompt.text;
    if (this.instruct)
      (this.meta.extra!.instructions_used as Record<string, string | null>)[key] = prompt.name === 'instruction' ? prompt.text : null;
    // one encode at a time: ONNX Runtime already uses every intra-op thread
    const run = this.queue.then(() => this.encodeWithPrompt(texts, prompt.text, ctx.batchSize ?? this.defaultBatchSize, ctx.onProgress));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Encodes texts with a literal prompt prefix (ST's encode(prompt=...)). */
  async encodeWithPrompt(
    texts: readonly string[],
    prompt: string,
    batchSize: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Matrix> {
    const n = texts.length;
    const bs = Math.max(1, Math.floor(batchSize));
    const inputs = texts.map((t) => this.prepare(prompt + t));
    // ST: argsort by -len(text) on the prompted text (characters), longest first
    const order = Array.from({ length: n }, (_, i) => i);
    if (this.sortByLength) order.sort((a, b) => inputs[b]!.length - inputs[a]!.length || a - b);
    const maskedPrefix = !this.st.includePrompt && prompt ? this.promptLength(prompt) : 0;
    let out: Float32Array | undefined;
    let cols = 0;
    for (let start = 0; start < n; start += bs) {
      const idx = order.slice(start, start + bs);
      const pooled = await this.encodeBatch(
        idx.map((i) => inputs[i]!),
        maskedPrefix,
      );
      if (!out) {
        cols = pooled.length / idx.length;
        out = new Float32Array(n * cols);
      }
      for (let k = 0; k < idx.length; k++) out.set(pooled.subarray(k * cols, (k + 1) * cols), idx[k]! * cols);
      onProgress?.(Math.min(start + bs, n), n);
    }
    if (!out) return { rows: 0, cols: this.meta.embedDim ?? 0, data: new Float32Array(0) };
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i]!)) {
        throw new ModelError(`the model produced a non-finite value for text ${Math.floor(i / cols)}`, {
          model: this.name,
          row: Math.floor(i / cols),
        });
      }
    }
    return { rows: n, cols, data: out };
  }

  /** ST's Transformer.tokenize: str(s).strip(), then lower() when do_lower_case. */
  private prepare(text: string): string {
    const t = text.trim();
    return this.st.doLowerCase ? t.toLowerCase() : t;
  }

  /** Tokenizes one batch: HF truncation to max_seq_length, padded to its longest text. */
  tokenize(texts: readonly string[]): TokenizedBatch {
    return tokenizeBatch(this.tokenizer as unknown as EncodingTokenizer, texts, this.maxSeqLength, this.appendEos);
  }

  /** Runs the transformer on a tokenized batch and returns the ST-pooled (and normalized) rows. */
  async embedTokens(tb: TokenizedBatch, maskedPrefix = 0): Promise<Float32Array> {
    const dims = [tb.batch, tb.seqLen];
    const feeds = {
      input_ids: new this.tf.Tensor('int64', tb.inputIds, dims),
      attention_mask: new this.tf.Tensor('int64', tb.attentionMask, dims),
    };
    const output = (await this.model(feeds)) as Record<string, TensorLike>;
    const hidden = output.last_hidden_state ?? output.token_embeddings ?? Object.values(output)[0];
    if (hidden?.dims.length !== 3) {
      throw new ModelError(`the ONNX model returned no token embeddings (outputs: ${Object.keys(output).join(', ')})`, {
        model: this.name,
        hint: 'export the model for feature extraction (last_hidden_state of shape [batch, seq, hidden])',
      });
    }
    const [batch, seqLen, dim] = hidden.dims as [number, number, number];
    const mask = new Uint8Array(batch * seqLen);
    for (let i = 0; i < mask.length; i++) mask[i] = tb.attentionMask[i] ? 1 : 0;
    const pooled = pool({ hidden: hidden.data as Float32Array, mask, batch, seqLen, dim }, this.st.poolingModes, maskedPrefix);
    return this.st.normalize ? normalizeRows(pooled, pooled.length / batch) : pooled;
  }

  private encodeBatch(texts: string[], maskedPrefix: number): Promise<Float32Array> {
    return this.embedTokens(this.tokenize(texts), maskedPrefix);
  }

  /** ST's prompt_length: tokens of the prompt alone minus the trailing [SEP] (so [CLS] counts too). */
  private promptLength(prompt: string): number {
    let len = this.promptLengths.get(prompt);
    if (len === undefined) {
      len = this.tokenize([this.prepare(prompt)]).seqLen - 1;
      this.promptLengths.set(prompt, len);
    }
    return len;
  }

  async close(): Promise<void> {
    await (this.model as unknown as { dispose?: () => Promise<unknown> }).dispose?.();
  }
}

async function loadTransformers(spec: string): Promise<TF> {
  try {
    return await import('@huggingface/transformers');
  } catch (e) {
    throw new ModelError(`cannot load @huggingface/transformers: ${(e as Error).message}`, {
      model: `hf:${spec}`,
      hint: 'install it with `npm install @huggingface/transformers@^4` (it brings onnxruntime-node)',
    });
  }
}

export type ModelLocation = ModelSource | { kind: 'hub'; repo: string; revision: string; hub: HubModelSettings; label: string };

/**
 * A local folder (absolute, relative, or ~), the hub mirror's models/<owner>/<name>, or a hub repo at a revision
 * (fetched into the HF hub cache, shared with Python's huggingface_hub).
 */
export function resolveSource(spec: string, opts: ModelOptions): { source: ModelLocation; known?: KnownModelMatch } {
  const raw = spec.trim();
  const local = raw.startsWith('~') ? join(homedir(), raw.slice(1)) : raw;
  const looksLikePath = isAbsolute(local) || local.startsWith('.') || raw.startsWith('~') || !/^[\w.-]+\/[\w.-]+(@[\w.-]+)?$/.test(raw);
  if (looksLikePath || (existsSync(local) && statSync(local).isDirectory())) {
    const dir = resolve(local);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new ConfigError(`model folder ${dir} does not exist`, {
        model: spec,
        hint: 'pass a folder with config.json, tokenizer.json and onnx/model.onnx, or a hub id owner/name',
      });
    }
    return { source: { kind: 'local', dir, label: raw }, known: undefined };
  }
  const [repo, revSuffix] = raw.split('@') as [string, string | undefined];
  const known = findKnownModel(repo);
  const revision = (opts.revision as string | undefined) ?? revSuffix ?? (known && !known.viaMirror ? known.model.revision : 'main');
  const env = dataOptionsFromEnv();
  if (opts.offline) env.offline = true;
  const hubMirror = opts.hubMirror ?? env.hubMirror;
  if (hubMirror) {
    const dir = join(hubMirror, 'models', ...repo.split('/'));
    if (existsSync(join(dir, 'config.json'))) return { source: { kind: 'local', dir, label: repo }, known };
  }
  return { source: { kind: 'hub', repo, revision, hub: hubModelSettings(env), label: repo }, known };
}

/** size + mtime of a local file: cheap change detection for a model folder edited in place. */
function fileStamp(path: string): string {
  try {
    const st = statSync(path);
    return `${st.size}@${Math.round(st.mtimeMs)}`;
  } catch {
    return 'missing';
  }
}

function localRevision(dir: string, known?: KnownModelMatch): string | undefined {
  const m = /snapshots[\\/]([0-9a-f]{40})/.exec(dir);
  if (m) return m[1];
  // a hub-mirror folder records its revision like the dataset mirror does
  const mirrorMeta = join(dir, '.mirror.json');
  if (existsSync(mirrorMeta)) {
    try {
      const rev = (JSON.parse(readFileSync(mirrorMeta, 'utf8')) as { revision?: unknown }).revision;
      if (typeof rev === 'string' && rev) return rev;
    } catch {
      // unreadable metadata: fall through to what the registry pins
    }
  }
  return known && !known.viaMirror ? known.model.revision : undefined;
}

/** Every model is a local folder by now (hub repos are snapshot folders): transformers.js must never download. */
function configureEnv(tf: TF): void {
  const env = tf.env;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
}

function dtypeHint(onnx: string, dtypeName: string, present: string[]): string {
  const dtypes = Object.entries(DTYPES)
    .filter(([, d]) => present.includes(`onnx/model${d.suffix}.onnx`))
    .map(([k]) => `--dtype ${k}`);
  return `--dtype ${dtypeName} needs ${onnx}; this model has: ${dtypes.length ? dtypes.join(', ') : present.join(', ')}`;
}

/** For local folders, checks the files transformers.js will need, so the error names the file and the fix. */
function checkLocalFiles(source: ModelSource, st: StConfig, dtypeName: string, suffix: string): { onnx: string } {
  const sub = st.transformerPath ? `${st.transformerPath}/` : '';
  const onnx = `${sub}onnx/model${suffix}.onnx`;
  const need: [string, string][] = [
    [`${sub}config.json`, 'copy config.json from the original model repo'],
    [`${sub}tokenizer.json`, 'save the fast tokenizer (AutoTokenizer.from_pretrained(...).save_pretrained(dir)) so tokenizer.json exists'],
    [`${sub}tokenizer_config.json`, 'save the tokenizer with save_pretrained(dir), which writes tokenizer_config.json'],
  ];
  for (const [file, hint] of need) {
    if (!existsSync(join(source.dir, file)))
      throw new ModelError(`the model folder has no ${file}`, { model: source.label, file: describeFile(source, file), hint });
  }
  if (!existsSync(join(source.dir, onnx))) {
    const present = existsSync(join(source.dir, sub, 'onnx'))
      ? Object.entries(DTYPES)
          .filter(([, d]) => existsSync(join(source.dir, `${sub}onnx/model${d.suffix}.onnx`)))
          .map(([k]) => k)
      : [];
    const hint = present.length
      ? `--dtype ${dtypeName} needs ${onnx}; this model has: ${present.map((d) => `--dtype ${d}`).join(', ')}`
      : 'export the model to ONNX, e.g. `optimum-cli export onnx --task feature-extraction -m <model> <dir>/onnx` (then move model.onnx into onnx/)';
    throw new ModelError(`the model folder has no ${onnx}`, { model: source.label, file: describeFile(source, onnx), hint });
  }
  return { onnx };
}

function loadError(e: unknown, source: ModelSource, dtypeName: string, suffix: string): unknown {
  if (e instanceof ModelError || e instanceof ConfigError) return e;
  const msg = (e as Error)?.message ?? String(e);
  const fileMatch = /(?:locate file:?|not found locally at|Local file missing at)\s*"([^"]+)"/.exec(msg);
  let hint: string;
  if (/onnx\/model/.test(msg) && suffix) hint = `the repo has no onnx/model${suffix}.onnx for --dtype ${dtypeName}; try --dtype fp32`;
  else if (/onnx\//.test(msg)) hint = 'the repo ships no ONNX export; use an ONNX mirror (e.g. Xenova/<name>) or export it with optimum';
  else hint = 'check the model folder (config.json, tokenizer.json, onnx/) and that onnxruntime-node is installed';
  return new ModelError(`cannot load model: ${msg}`, { model: source.label, file: fileMatch?.[1], hint }, { cause: e });
}
