/**
 * Prompt resolution as mteb does it for sentence-transformers models (mteb/models/abs_encoder.py get_prompt_name;
 * spec §1.3): the first key present among "{Task}-{query|document}", "{Task}", "{TaskType}-{query|document}",
 * "{TaskType}", "query"/"document". The prompt text is prepended to every input (ST's encode).
 */
import type { PromptType } from './encoder.js';

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
  return promptKeys(taskName, taskType, promptType).find((k) => Object.prototype.hasOwnProperty.call(prompts, k));
}

/**
 * Merges prompt sources; later ones win (mteb's ST wrapper: `{**built_in, **model_prompts}`).
 * Order used by the hf provider: the model's own config_sentence_transformers.json prompts, the known-model
 * registry (what mteb passes as model_prompts), then the user's --prompts JSON.
 */
export function mergePrompts(...sources: (PromptMap | undefined)[]): PromptMap {
  const out: PromptMap = {};
  for (const s of sources) if (s) Object.assign(out, s);
  return out;
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

/** Validates a user --prompts value (a JSON object of strings). Returns an error message or undefined. */
export function checkPromptMap(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'prompts must be a JSON object mapping keys to prompt strings';
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') return `prompt "${k}" must be a string, got ${typeof v}`;
  return undefined;
}
