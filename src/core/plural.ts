/**
 * A count with its noun, singular for exactly one: "1 case", "3 cases", "1 repetition".
 * Nouns with an irregular plural pass it ("1 analysis", "2 analyses").
 */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
}
