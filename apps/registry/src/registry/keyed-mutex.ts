/**
 * Runs tasks one at a time per key, in arrival order, inside this process. The registry queues writes to one
 * subject here, so within a replica they never race each other (a registration never loses its optimistic append
 * to a sibling request, and deletes never hold a pooled connection while blocked on the subject's lock).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a task running or queued. */
  get size(): number {
    return this.tails.size;
  }
}
