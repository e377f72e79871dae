/**
 * mteb's instruction-model behaviour (mteb/models/abs_encoder.py `get_instruction`, `format_instruction`,
 * `get_task_instruction`; mteb/models/instruct_wrapper.py `InstructSentenceTransformerModel.encode`):
 * 1. the instruction is the task's metadata `prompt`, replaced by the model's `prompts_dict` entry for the task
 *    name, else the task type, else the prompt type ("query"/"document");
 * 2. a per-prompt-type dict picks its entry for the prompt type ("" when that entry is empty or missing);
 * 3. nothing found -> the abstract task's `abstask_prompt` (e.g. "Retrieve text based on user query.");
 * 4. a string template (`"Instruct: {instruction}\nQuery: "`) is formatted only for a non-empty instruction;
 *    a callable template (Qwen3-Embedding, gte-Qwen2) is always called with (instruction, prompt type);
 * 5. with `apply_instruction_to_passages = False` documents get no instruction (None: sentence-transformers
 *    then falls back to the model's default prompt, if any).
 * Task types whose prompt type is None (STS, classification, clustering, ...) get the instruction on every text.
 */
import type { PromptType } from '../core/encoder.js';

/** A task's `prompt` metadata or a prompts_dict value: one string, or one per prompt type. */
export type InstructionValue = string | { query?: string; document?: string };

/** mteb's callable templates, by the model family that registers them. */
export type TemplateFunction = 'qwen3-embedding' | 'gte-qwen2';

export interface InstructConfig {
  /** A `str.format` template containing "{instruction}", or one of mteb's callable templates. */
  template?: string | { fn: TemplateFunction };
  /** mteb's `apply_instruction_to_passages` (its default is true; the registered models set false). */
  applyToPassages: boolean;
  /** mteb's `prompts_dict`: instructions per task name, task type or prompt type. */
  prompts?: Record<string, InstructionValue>;
}

/** `abstask_prompt` of mteb's abstract task classes (mteb/abstasks/*.py), by our task type names. */
export const ABSTASK_PROMPTS: Readonly<Record<string, string>> = {
  BitextMining: 'Retrieve parallel sentences.',
  Classification: 'Classify user passages.',
  MultilabelClassification: 'Classify user passages.',
  Clustering: 'Identify categories in user passages.',
  PairClassification: 'Retrieve text that are semantically similar to the given text.',
  Reranking: 'Retrieve text based on user query.',
  Retrieval: 'Retrieve text based on user query.',
  InstructionReranking: 'Retrieve text based on user query.',
  InstructionRetrieval: 'Retrieve text based on user query.',
  STS: 'Retrieve semantically similar text.',
  Summarization: 'Given a news summary, retrieve other semantically similar summaries.',
};

export interface InstructionTask {
  readonly name: string;
  readonly type: string;
  readonly prompt?: InstructionValue;
}

/** Python's repr() of a str (what str.format / an f-string prints for a dict's values). */
function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}

/** How Python formats a dict instruction into a template (its repr), e.g. "{'query': 'Find it'}". */
export function pyDictRepr(v: Record<string, string | undefined>): string {
  return `{${Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${pyStrRepr(k)}: ${pyStrRepr(x!)}`)
    .join(', ')}}`;
}

/** mteb `get_instruction`: the raw instruction (a dict only when it is one and no prompt type is given). */
export function getInstruction(
  task: InstructionTask,
  promptType: PromptType | undefined,
  promptsDict?: Record<string, InstructionValue>,
): InstructionValue {
  let prompt: InstructionValue | undefined = task.prompt;
  const has = (k: string) => promptsDict !== undefined && Object.hasOwn(promptsDict, k);
  if (has(task.name)) prompt = promptsDict![task.name];
  else if (has(task.type)) prompt = promptsDict![task.type];
  else if (promptType && has(promptType)) prompt = promptsDict![promptType];
  if (prompt !== undefined && typeof prompt === 'object' && promptType) return prompt[promptType] || '';
  if (typeof prompt === 'string' ? prompt : prompt && Object.keys(prompt).length) return prompt!;
  const fallback = ABSTASK_PROMPTS[task.type];
  if (fallback === undefined) throw new RangeError(`no default instruction (abstask_prompt) for task type ${task.type}`);
  return fallback;
}

function templateFunction(fn: TemplateFunction, instruction: InstructionValue, promptType: PromptType | undefined): string {
  switch (fn) {
    // mteb/models/model_implementations/qwen3_models.py `instruction_template`: no space after "Query:"
    case 'qwen3-embedding': {
      if (!instruction || (typeof instruction === 'object' && !Object.keys(instruction).length) || promptType === 'document') return '';
      let text: string;
      if (typeof instruction === 'object') text = promptType === undefined ? (Object.values(instruction)[0] ?? '') : (instruction[promptType] ?? '');
      else text = instruction;
      return `Instruct: ${text}\nQuery:`;
    }
    // mteb/models/model_implementations/gte_models.py `instruction_template`: queries and None only
    case 'gte-qwen2': {
      const empty = !instruction || (typeof instruction === 'object' && !Object.keys(instruction).length);
      if ((promptType === undefined || promptType === 'query') && !empty) {
        return `Instruct: ${typeof instruction === 'string' ? instruction : pyDictRepr(instruction)}\nQuery: `;
      }
      return '';
    }
  }
}

/** mteb `get_task_instruction`: the instruction formatted with the model's template. */
export function taskInstruction(task: InstructionTask, promptType: PromptType | undefined, cfg: InstructConfig): string {
  const instruction = getInstruction(task, promptType, cfg.prompts);
  const t = cfg.template;
  const asText = (v: InstructionValue) => (typeof v === 'string' ? v : pyDictRepr(v));
  if (t === undefined) return asText(instruction);
  if (typeof t === 'object') return templateFunction(t.fn, instruction, promptType);
  const nonEmpty = typeof instruction === 'string' ? instruction.length > 0 : true;
  return nonEmpty ? formatTemplate(t, asText(instruction)) : asText(instruction);
}

/** `template.format(instruction=...)`: replaces "{instruction}" and un-doubles "{{" / "}}". */
export function formatTemplate(template: string, instruction: string): string {
  if (!template.includes('{instruction}')) throw new RangeError("Instruction template must contain the string '{instruction}'.");
  return template.replace(/\{\{|\}\}|\{instruction\}/g, (m) => (m === '{{' ? '{' : m === '}}' ? '}' : instruction));
}

/**
 * The prompt text `InstructSentenceTransformerModel.encode` passes to sentence-transformers, or null when it
 * passes None (documents of models that do not instruct passages).
 */
export function instructionPrompt(task: InstructionTask, promptType: PromptType | undefined, cfg: InstructConfig): string | null {
  if (!cfg.applyToPassages && promptType === 'document') return null;
  return taskInstruction(task, promptType, cfg);
}
