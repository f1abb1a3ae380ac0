/**
 * Runs tasks concurrently across keys and strictly one after another within a key, with at
 * most `concurrency` tasks running at once. Work of one conversation stays in order while
 * different conversations proceed in parallel.
 */
export class KeyedExecutor {
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  /** Queues `task` behind earlier tasks of `key`; resolves when it has run. Never rejects. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      await this.acquire();
      try {
        await task();
      } catch {
        // The task owns its error handling; a failure must not break the chain of its key.
      } finally {
        this.release();
      }
    });
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves when every queued task has run. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  get pendingKeys(): number {
    return this.tails.size;
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.running -= 1;
  }
}
