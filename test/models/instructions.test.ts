import { describe, expect, it } from 'vitest';
import { getInstruction, type InstructConfig, instructionPrompt, pyDictRepr, taskInstruction } from '../../models/instructions.js';
import { findKnownModel } from '../../models/known-models.js';
import { instructConfig } from '../../models/transformers.js';

/**
 * The instruction strings mteb 2.20 builds (mteb/models/abs_encoder.py get_instruction / get_task_instruction,
 * instruct_wrapper.py encode, e5_instruct.py / qwen3_models.py / gte_models.py templates), as listed in the
 * mteb/models/instruct_wrapper.py "Resulting strings" — whitespace-exact.
 */
const E5 = findKnownModel('intfloat/multilingual-e5-large-instruct')!.model.instruct!;
const QWEN3 = findKnownModel('Qwen/Qwen3-Embedding-0.6B')!.model.instruct!;
const GTE: InstructConfig = { template: { fn: 'gte-qwen2' }, applyToPassages: false };

const SCIFACT = {
  name: 'SciFact',
  type: 'Retrieval',
  prompt: { query: 'Given a scientific claim, retrieve documents that support or refute the claim' },
};
const STS12 = { name: 'STS12', type: 'STS' };
const BANKING = { name: 'Banking77Classification', type: 'Classification', prompt: 'Given a online banking query, find the corresponding intents' };
const CORE17 = { name: 'Core17InstructionRetrieval', type: 'InstructionReranking' };

describe('mteb instruction templates', () => {
  it('SciFact: e5-instruct ends with "Query: ", Qwen3 with "Query:"; documents get none', () => {
    expect(instructionPrompt(SCIFACT, 'query', E5)).toBe(
      'Instruct: Given a scientific claim, retrieve documents that support or refute the claim\nQuery: ',
    );
    expect(instructionPrompt(SCIFACT, 'query', QWEN3)).toBe(
      'Instruct: Given a scientific claim, retrieve documents that support or refute the claim\nQuery:',
    );
    expect(instructionPrompt(SCIFACT, 'document', E5)).toBeNull();
    expect(instructionPrompt(SCIFACT, 'document', QWEN3)).toBeNull();
  });

  it('STS12 (prompt type None, no metadata prompt): both sides get the abstask prompt', () => {
    expect(instructionPrompt(STS12, undefined, GTE)).toBe('Instruct: Retrieve semantically similar text.\nQuery: ');
    expect(instructionPrompt(BANKING, undefined, E5)).toBe('Instruct: Given a online banking query, find the corresponding intents\nQuery: ');
  });

  it('FollowIR tasks fall back to the retrieval abstask prompt', () => {
    expect(instructionPrompt(CORE17, 'query', QWEN3)).toBe('Instruct: Retrieve text based on user query.\nQuery:');
  });

  it('a dict prompt without the prompt type gives "" (and the string template is then not applied)', () => {
    expect(getInstruction(SCIFACT, 'document')).toBe('');
    expect(taskInstruction(SCIFACT, 'document', { template: 'Instruct: {instruction}\nQuery: ', applyToPassages: true })).toBe('');
    // callable templates are always called: Qwen3 returns "" for an empty instruction
    expect(taskInstruction(SCIFACT, 'document', { template: { fn: 'qwen3-embedding' }, applyToPassages: true })).toBe('');
  });

  it('a dict prompt with prompt type None is formatted as Python prints a dict', () => {
    expect(pyDictRepr({ query: "it's" })).toBe(`{'query': "it's"}`);
    const t = { name: 'X', type: 'STS', prompt: { query: 'Find it' } };
    expect(taskInstruction(t, undefined, { template: 'Instruct: {instruction}\nQuery: ', applyToPassages: true })).toBe(
      "Instruct: {'query': 'Find it'}\nQuery: ",
    );
    expect(taskInstruction(t, undefined, QWEN3)).toBe('Instruct: Find it\nQuery:');
  });

  it('prompts_dict overrides per task name, then task type, then prompt type', () => {
    const cfg = instructConfig(E5, undefined, { SciFact: 'by name', Retrieval: 'by type', query: 'by prompt type' })!;
    expect(instructionPrompt(SCIFACT, 'query', cfg)).toBe('Instruct: by name\nQuery: ');
    expect(instructionPrompt({ name: 'NFCorpus', type: 'Retrieval' }, 'query', cfg)).toBe('Instruct: by type\nQuery: ');
    expect(instructionPrompt({ name: 'Other', type: 'Reranking' }, 'query', cfg)).toBe('Instruct: by prompt type\nQuery: ');
    // the registry's template and passage rule stay
    expect(instructionPrompt(SCIFACT, 'document', cfg)).toBeNull();
  });

  it('apply_instruction_to_passages = true instructs documents too; no template uses the instruction as is', () => {
    const cfg = instructConfig(undefined, { template: 'Represent: {instruction} ', applyToPassages: true }, undefined)!;
    expect(instructionPrompt(SCIFACT, 'document', cfg)).toBe('');
    expect(instructionPrompt(BANKING, 'document', cfg)).toBe('Represent: Given a online banking query, find the corresponding intents ');
    expect(instructionPrompt(BANKING, undefined, { applyToPassages: true })).toBe('Given a online banking query, find the corresponding intents');
    expect(() => instructionPrompt(BANKING, undefined, { template: 'no placeholder', applyToPassages: true })).toThrow(/\{instruction\}/);
  });
});
