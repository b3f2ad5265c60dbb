import { describe, expect, it } from 'vitest';
import {
  cellKey,
  cellKeyOfResponseId,
  framingLabel,
  isResponseOfRun,
  modelIdFor,
  modelLabel,
  modelLabeller,
  modelSource,
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

describe('modelLabeller', () => {
  const local = 'openai-compatible:withholder-1@http://127.0.0.1:8797/v1';
  const other = 'openai-compatible:withholder-1@http://10.0.0.2:11434/v1';
  const claude = 'anthropic:withholder-1';

  it('names a model alone when no other shown model shares its name', () => {
    const label = modelLabeller([local, 'anthropic:claude-x', 'imported-model']);
    expect(label(local)).toBe('withholder-1');
    expect(label('anthropic:claude-x')).toBe('claude-x');
    expect(label('imported-model')).toBe('imported-model');
  });

  it('adds the source where two models share a name', () => {
    const label = modelLabeller([local, other, claude, 'anthropic:claude-x']);
    expect(label(local)).toBe('withholder-1 (127.0.0.1:8797)');
    expect(label(other)).toBe('withholder-1 (10.0.0.2:11434)');
    expect(label(claude)).toBe('withholder-1 (Anthropic)');
    expect(label('anthropic:claude-x')).toBe('claude-x');
  });

  it('falls back to the whole id when the sources do not tell them apart', () => {
    const a = 'openai-compatible:m@http://host:1/v1';
    const b = 'openai-compatible:m@http://host:1/v2';
    const label = modelLabeller([a, b]);
    expect(new Set([label(a), label(b)]).size).toBe(2);
    expect(label(a)).toBe(a);
  });

  it('reads the source of a model id', () => {
    expect(modelSource(local)).toBe('127.0.0.1:8797');
    expect(modelSource('gemini:gemini-2.5-flash')).toBe('Google Gemini');
    expect(modelSource('imported-model')).toBe('');
  });
});
