/*
 * The core compiles against lib ES2023 alone (no DOM, no Node types) so that it runs unchanged in
 * the page, a worker and Node. AbortSignal exists in all three at run time but only the DOM lib
 * and @types/node declare it; this is the part the core uses. Interfaces merge, and these members
 * have the same types as in those libs, so the declaration agrees with them where they are loaded.
 * AbortController and timers are reached through `globalThis` in clock.ts instead of being declared
 * here, because a second `declare var` would clash with the DOM lib.
 */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: any;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
