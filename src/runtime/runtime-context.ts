/** The RuntimeContext a command hands to adapters, and the clean-up of what they shared. */
import { availableParallelism } from 'node:os';
import type { RuntimeContext, SharedResource } from './runtime.js';

export interface OwnedRuntimeContext extends RuntimeContext {
  /** Closes every shared resource, in reverse order of creation. */
  closeShared(): Promise<void>;
}

export function createRuntimeContext(options: { threads?: number; log?: (line: string) => void; keepPages?: boolean } = {}): OwnedRuntimeContext {
  const resources = new Map<string, Promise<SharedResource>>();
  return {
    keepPages: options.keepPages ?? false,
    threads: options.threads ?? availableParallelism(),
    log: options.log ?? (() => {}),
    shared<T extends SharedResource>(key: string, create: () => Promise<T>): Promise<T> {
      let resource = resources.get(key);
      if (!resource) {
        resource = create();
        // A failed creation is not cached, so the next adapter gets its own clear error.
        resource.catch(() => resources.delete(key));
        resources.set(key, resource);
      }
      return resource as Promise<T>;
    },
    async closeShared(): Promise<void> {
      const all = [...resources.values()].reverse();
      resources.clear();
      for (const pending of all) {
        const resource = await pending.catch(() => null);
        await resource?.close();
      }
    },
  };
}
