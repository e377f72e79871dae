/**
 * Prompt resolution order of mteb (mteb/models/abs_encoder.py AbsEncoder.get_prompt_name, mteb/models/abs_encoder.py):
 *   1 "{TaskName}-{prompt_type}"  2 "{TaskName}"  3 "{TaskType}-{prompt_type}"  4 "{TaskType}"  5 "{prompt_type}"
 * Expected values below follow that code path by hand; the e5/bge prompts are mteb's model_prompts
 * (e5_models.py, bge_models.py).
 */
import { describe, expect, it } from 'vitest';
import { findKnownModel, KNOWN_MODELS } from '../../models/known-models.js';
import { checkPromptMap, parsePromptsOption, promptKeys, resolvePrompt, resolvePromptName, selectPrompts } from '../../models/prompts.js';

const ALL = {
  'SciFact-query': 'p1',
  SciFact: 'p2',
  'Retrieval-query': 'p3',
  Retrieval: 'p4',
  query: 'p5',
  document: 'p6',
};

describe('mteb prompt resolution order', () => {
  it('lists the candidate keys in mteb order', () => {
    expect(promptKeys('SciFact', 'Retrieval', 'query')).toEqual(['SciFact-query', 'SciFact', 'Retrieval-query', 'Retrieval', 'query']);
    expect(promptKeys('STSBenchmark', 'STS')).toEqual(['STSBenchmark', 'STS']);
  });

  it('takes the first key present, removing them one by one', () => {
    const p: Record<string, string> = { ...ALL };
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) {
      const k = resolvePromptName(p, 'SciFact', 'Retrieval', 'query');
      seen.push(k);
      if (k) delete p[k];
    }
    expect(seen).toEqual(['SciFact-query', 'SciFact', 'Retrieval-query', 'Retrieval', 'query']);
    expect(resolvePromptName(p, 'SciFact', 'Retrieval', 'query')).toBeUndefined();
  });

  it('without a prompt type (STS, classification ...) only task name and type count', () => {
    expect(resolvePromptName({ query: 'q', document: 'd' }, 'STSBenchmark', 'STS')).toBeUndefined();
    expect(resolvePromptName({ STS: 's', query: 'q' }, 'STSBenchmark', 'STS')).toBe('STS');
    // a "{Task}-query" key does not apply when the task passes no prompt type
    expect(resolvePromptName({ 'STSBenchmark-query': 'x' }, 'STSBenchmark', 'STS')).toBeUndefined();
  });

  it('an empty-string prompt is still a hit (explicitly no prefix)', () => {
    expect(resolvePrompt({ 'SciFact-query': '', query: 'q: ' }, 'SciFact', 'Retrieval', 'query')).toEqual({ name: 'SciFact-query', text: '' });
  });

  it('e5: query/passage prefixes only for retrieval-style prompt types', () => {
    const e5 = findKnownModel('intfloat/e5-small-v2')!.model.prompts!;
    expect(resolvePrompt(e5, 'SciFact', 'Retrieval', 'query').text).toBe('query: ');
    expect(resolvePrompt(e5, 'SciFact', 'Retrieval', 'document').text).toBe('passage: ');
    expect(resolvePrompt(e5, 'STSBenchmark', 'STS').text).toBe('');
    expect(resolvePrompt(e5, 'Banking77Classification', 'Classification').text).toBe('');
  });

  it('bge: instruction on queries only', () => {
    const bge = findKnownModel('BAAI/bge-small-en-v1.5')!.model.prompts!;
    expect(resolvePrompt(bge, 'SciFact', 'Retrieval', 'query').text).toBe('Represent this sentence for searching relevant passages: ');
    expect(resolvePrompt(bge, 'SciFact', 'Retrieval', 'document').text).toBe('');
  });

  it('default_prompt_name applies only when mteb resolves nothing', () => {
    const p = { query: 'q: ', clf: 'c: ' };
    expect(resolvePrompt(p, 'Banking77Classification', 'Classification', undefined, 'clf')).toEqual({ name: 'clf', text: 'c: ' });
    expect(resolvePrompt(p, 'SciFact', 'Retrieval', 'query', 'clf')).toEqual({ name: 'query', text: 'q: ' });
    expect(resolvePrompt(p, 'X', 'STS', undefined, 'missing')).toEqual({ text: '' });
  });

  it('explicit prompts replace the built-in ones (mteb _resolve_model_prompts), first non-empty source wins', () => {
    const user = { document: 'd' };
    const registry = { query: 'c' };
    const builtIn = { query: 'a', document: 'b' };
    expect(selectPrompts({ source: 'user', prompts: user }, { source: 'reg', prompts: registry }, { source: 'st', prompts: builtIn })).toEqual({
      source: 'user',
      prompts: { document: 'd' },
    });
    expect(selectPrompts({ source: 'user' }, { source: 'reg', prompts: registry }, { source: 'st', prompts: builtIn })).toEqual({
      source: 'reg',
      prompts: { query: 'c' },
    });
    expect(selectPrompts({ source: 'user', prompts: {} }, { source: 'st', prompts: builtIn })).toEqual({ source: 'st', prompts: builtIn });
    expect(selectPrompts({ source: 'user' })).toEqual({ prompts: {} });
  });

  it('validates --prompts JSON', () => {
    expect(checkPromptMap({ query: 'q' })).toBeUndefined();
    expect(checkPromptMap(['q'])).toMatch(/JSON object/);
    expect(checkPromptMap({ query: 1 })).toMatch(/"query" must be a string/);
    const files: Record<string, string> = { 'p.json': '{"query": "q: "}' };
    expect(parsePromptsOption('{"document": "d: "}', (f) => files[f]!)).toEqual({ document: 'd: ' });
    expect(parsePromptsOption('p.json', (f) => files[f]!)).toEqual({ query: 'q: ' });
    expect(() => parsePromptsOption('{bad', (f) => files[f]!)).toThrow(/not valid JSON/);
    expect(() => parsePromptsOption({ query: 2 }, (f) => files[f]!)).toThrow(/must be a string/);
  });
});

describe('known models', () => {
  it('pins the revisions mteb uses and finds mirrors', () => {
    expect(findKnownModel('sentence-transformers/all-MiniLM-L6-v2')!.model.revision).toBe('8b3219a92973c328a8e22fadcfa821b5dc75636a');
    expect(findKnownModel('sentence-transformers/all-mpnet-base-v2')!.model.revision).toBe('9a3225965996d404b775526de6dbfe85d3368642');
    const mirror = findKnownModel('xenova/all-minilm-l6-v2')!;
    expect(mirror.viaMirror).toBe(true);
    expect(mirror.model.name).toBe('sentence-transformers/all-MiniLM-L6-v2');
    expect(findKnownModel('nobody/nothing')).toBeUndefined();
  });

  it('has the required families with 40-hex revisions', () => {
    const names = KNOWN_MODELS.map((m) => m.name);
    for (const n of ['sentence-transformers/all-MiniLM-L12-v2', 'intfloat/multilingual-e5-large', 'intfloat/e5-base-v2', 'BAAI/bge-large-en-v1.5'])
      expect(names).toContain(n);
    for (const m of KNOWN_MODELS) expect(m.revision).toMatch(/^[0-9a-f]{40}$/);
  });
});
