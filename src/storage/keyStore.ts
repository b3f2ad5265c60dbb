import type { IatroscopeDb } from './db';

/**
 * API keys. They live in memory for this tab unless the user asks to remember them on this
 * device, in which case they go to the `secrets` table, which no export reads.
 */
export class KeyStore {
  #memory = new Map<string, string>();

  constructor(private db: IatroscopeDb) {}

  async load(): Promise<void> {
    for (const row of await this.db.secrets.toArray()) this.#memory.set(row.key, row.value);
  }

  get(endpointId: string): string | undefined {
    return this.#memory.get(endpointId);
  }

  async set(endpointId: string, key: string, remember: boolean) {
    if (key) this.#memory.set(endpointId, key);
    else this.#memory.delete(endpointId);
    if (remember && key) await this.db.secrets.put({ key: endpointId, value: key });
    else await this.db.secrets.delete(endpointId);
  }

  async remembered(endpointId: string): Promise<boolean> {
    return (await this.db.secrets.get(endpointId)) !== undefined;
  }

  /** "Forget my keys": from memory and from this device. */
  async forgetAll() {
    this.#memory.clear();
    await this.db.secrets.clear();
  }
}

/** Shows enough of a key to recognise it, never enough to use it. */
export function maskKey(key: string | undefined): string {
  if (!key) return 'no key';
  return key.length <= 8 ? '••••' : `${key.slice(0, 3)}…${key.slice(-2)}`;
}
