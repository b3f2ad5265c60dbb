/** "openai-compatible:llama3.1:8b@http://localhost:11434/v1" → "llama3.1:8b". */
export function modelLabel(modelId: string): string {
  return modelId.replace(/@.*$/, '').replace(/^(openai-compatible|anthropic|gemini|webllm|scripted):/, '');
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
export const num = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '–' : x.toFixed(d));
export const pval = (p: number | null | undefined) => (p === null || p === undefined ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3));
