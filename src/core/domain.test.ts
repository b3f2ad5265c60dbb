import { describe, expect, it } from 'vitest';
import {
  cellKey,
  cellKeyOfResponseId,
  framingLabel,
  isResponseOfRun,
  modelIdFor,
  modelLabel,
  parseCellKey,
  PROVIDER_KINDS,
  responseId,
} from './domain';

describe('cell keys and response ids', () => {
  const cell = { case_id: 'benzo-taper', framing: 'layperson', model_id: 'openai-compatible:llama3.1:8b@http://localhost:11434/v1', rep: 3 };

  it('builds the key and the id as they are stored', () => {
    expect(cellKey(cell)).toBe('benzo-taper|layperson|openai-compatible:llama3.1:8b@http://localhost:11434/v1|3');
    expect(responseId('run-1', cellKey(cell))).toBe('run-1|benzo-taper|layperson|openai-compatible:llama3.1:8b@http://localhost:11434/v1|3');
  });

  it('parses a key back, even when the model id holds a "|"', () => {
    expect(parseCellKey(cellKey(cell))).toEqual(cell);
    const odd = { ...cell, model_id: 'scripted:a|b', rep: 0 };
    expect(parseCellKey(cellKey(odd))).toEqual(odd);
    expect(parseCellKey('not a key')).toBeNull();
    expect(parseCellKey('a|b|m|x')).toBeNull();
  });

  it('tells the run of a response id and the cell within it', () => {
    const id = responseId('run-1', cellKey(cell));
    expect(isResponseOfRun('run-1', id)).toBe(true);
    expect(isResponseOfRun('run-', id)).toBe(false);
    expect(isResponseOfRun('run-12', id)).toBe(false);
    expect(cellKeyOfResponseId('run-1', id)).toBe(cellKey(cell));
  });
});

describe('model ids and labels', () => {
  it('names where a model is served, without a trailing slash', () => {
    expect(modelIdFor({ kind: 'openai-compatible', baseUrl: 'http://host/v1//' }, 'gpt-4o')).toBe('openai-compatible:gpt-4o@http://host/v1');
    expect(modelIdFor({ kind: 'anthropic' }, 'claude')).toBe('anthropic:claude');
  });

  it('labels a model by its name alone, for every provider kind', () => {
    for (const kind of PROVIDER_KINDS) {
      expect(modelLabel(modelIdFor({ kind, baseUrl: 'http://localhost:11434/v1' }, 'llama3.1:8b'))).toBe('llama3.1:8b');
      expect(modelLabel(modelIdFor({ kind }, 'llama3.1:8b'))).toBe('llama3.1:8b');
    }
    // Ids from a published file name no provider: they stay as they are.
    expect(modelLabel('claude-opus-4')).toBe('claude-opus-4');
  });
});

describe('framingLabel', () => {
  it('labels the built-in kinds and reads a kind of the user\'s own as words', () => {
    expect(framingLabel('layperson')).toBe('Layperson (patient)');
    expect(framingLabel('non_medical_professional')).toBe('Non-medical professional');
    expect(framingLabel('pharmacy_tech')).toBe('pharmacy tech');
    expect(framingLabel('constructor')).toBe('constructor');
  });
});
