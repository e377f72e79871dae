/**
 * Prompt resolution as mteb does it for sentence-transformers models (mteb/models/abs_encoder.py get_prompt_name;
 * mteb/models/abs_encoder.py): the first key present among "{Task}-{query|document}", "{Task}", "{TaskType}-{query|document}",
 * "{TaskType}", "query"/"document". The prompt text is prepended to every input (ST's encode).
 */
import type { PromptType } from '../core/encoder.js';

export type PromptMap = Record<string, string>;

/** Candidate keys in mteb's priority order. */
export function promptKeys(taskName: string, taskType: string, promptType?: PromptType): string[] {
  const keys: string[] = [];
  if (taskName && promptType) keys.push(`${taskName}-${promptType}`);
  if (taskName) keys.push(taskName);
  if (taskType && promptType) keys.push(`${taskType}-${promptType}`);
  if (taskType) keys.push(taskType);
  if (promptType) keys.push(promptType);
  return keys;
}

/** The key mteb would pick, or undefined (no prompt). */
export function resolvePromptName(prompts: PromptMap, taskName: string, taskType: string, promptType?: PromptType): string | undefined {
  return promptKeys(taskName, taskType, promptType).find((k) => Object.hasOwn(prompts, k));
}

/**
 * Picks the prompt map the way mteb's SentenceTransformerEncoderWrapper does (`_resolve_model_prompts` in
 * mteb/models/sentence_transformer_wrapper.py): explicit model_prompts, when given, *replace* the model's built-in
 * ST prompts (and become `model.prompts`, so ST's default_prompt_name is looked up in them too); otherwise the
 * built-in ones are used. Sources are given highest priority first: the user's --prompts, the known-model
 * registry (mteb's loader_kwargs model_prompts), the model's config_sentence_transformers.json.
 * (The design notes say "merges"; mteb/models/abs_encoder.py replaces. We follow the code.)
 */
export function selectPrompts(...sources: { source: string; prompts?: PromptMap }[]): { source?: string; prompts: PromptMap } {
  for (const s of sources) if (s.prompts && Object.keys(s.prompts).length) return { source: s.source, prompts: { ...s.prompts } };
  return { prompts: {} };
}

export interface ResolvedPrompt {
  /** The key that matched, or the ST default prompt name. */
  name?: string;
  /** Text to prepend ("" = none). */
  text: string;
}

/**
 * Full resolution for one encode call. When mteb resolves nothing, sentence-transformers still applies its
 * `default_prompt_name` (ST's encode with prompt=None).
 */
export function resolvePrompt(
  prompts: PromptMap,
  taskName: string,
  taskType: string,
  promptType?: PromptType,
  defaultPromptName?: string | null,
): ResolvedPrompt {
  const name = resolvePromptName(prompts, taskName, taskType, promptType);
  if (name !== undefined) return { name, text: prompts[name]! };
  if (defaultPromptName && prompts[defaultPromptName] !== undefined) return { name: defaultPromptName, text: prompts[defaultPromptName]! };
  return { text: '' };
}

/** --prompts: an object, a JSON string, or the path of a JSON file. */
export function parsePromptsOption(value: unknown, readFile: (path: string) => string): PromptMap {
  let v = value;
  if (typeof v === 'string') {
    const text = v.trim().startsWith('{') ? v : readFile(v);
    try {
      v = JSON.parse(text);
    } catch (e) {
      throw new SyntaxError(`--prompts is not valid JSON: ${(e as Error).message}`);
    }
  }
  const bad = checkPromptMap(v);
  if (bad) throw new TypeError(bad);
  return v as PromptMap;
}

/** Validates a user --prompts value (a JSON object of strings). Returns an error message or undefined. */
export function checkPromptMap(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'prompts must be a JSON object mapping keys to prompt strings';
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') return `prompt "${k}" must be a string, got ${typeof v}`;
  return undefined;
}
