import { observe } from '../storage/store';

/**
 * A live query over the store (see observe) as a rune: `current` updates whenever the tables it read change, in this
 * tab or another. Create it during component or state-class initialisation.
 */
export class LiveQuery<T> {
  current = $state.raw<T | undefined>(undefined);
  isLoading = $state(true);
  error = $state.raw<Error | undefined>(undefined);

  /**
   * `inputs` reads the runes the query depends on (e.g. a chosen run): the query runs again when
   * they change. They must be read here, since Dexie may start the query after this effect returns.
   */
  constructor(query: () => Promise<T>, inputs?: () => unknown) {
    $effect(() => {
      inputs?.();
      const sub = observe(query).subscribe({
        next: (v) => {
          this.current = v;
          this.isLoading = false;
          this.error = undefined;
        },
        error: (e: unknown) => {
          this.error = e instanceof Error ? e : new Error(String(e));
          this.isLoading = false;
        },
      });
      return () => sub.unsubscribe();
    });
  }
}
