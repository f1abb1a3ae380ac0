import type { TenantPrincipal } from '@switchboard/contracts';

export interface PrincipalCacheOptions {
  /** How long a verified principal is remembered; 0 remembers nothing. */
  ttlMs: number;
  /** How long a refusal (`isRefusal`) is remembered; 0 remembers none. */
  refusalTtlMs?: number;
  /** Which load failures are answers about the credential (remembered), not outages (never). */
  isRefusal?: (err: unknown) => boolean;
  maxEntries?: number;
  now?: () => number;
}

type Entry =
  | { ok: true; principal: TenantPrincipal; expires: number }
  | { ok: false; refusal: unknown; expires: number };

/**
 * Verified principals for a short while, so a busy client does not cost a lookup per request;
 * refusals for a shorter while, so a flood of one bad credential costs one lookup. Concurrent
 * requests for one credential share one lookup. The TTL bounds how long a revoked key keeps
 * working (and the refusal TTL how long a key tried before it was issued stays refused); the
 * size bound keeps memory flat.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<TenantPrincipal>>();
  private readonly ttlMs: number;
  private readonly refusalTtlMs: number;
  private readonly isRefusal: (err: unknown) => boolean;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: PrincipalCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.refusalTtlMs = options.refusalTtlMs ?? 0;
    this.isRefusal = options.isRefusal ?? (() => false);
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async getOrLoad(key: string, load: () => Promise<TenantPrincipal>): Promise<TenantPrincipal> {
    if (this.ttlMs <= 0 && this.refusalTtlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) {
      if (hit.ok) return hit.principal;
      throw hit.refusal;
    }
    this.entries.delete(key);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loading = this.load(key, load).finally(() => this.loading.delete(key));
    this.loading.set(key, loading);
    return loading;
  }

  private async load(key: string, load: () => Promise<TenantPrincipal>): Promise<TenantPrincipal> {
    let principal: TenantPrincipal;
    try {
      principal = await load();
    } catch (err) {
      if (this.refusalTtlMs > 0 && this.isRefusal(err)) {
        this.remember(key, { ok: false, refusal: err, expires: this.now() + this.refusalTtlMs });
      }
      throw err;
    }
    if (this.ttlMs > 0) {
      this.remember(key, { ok: true, principal, expires: this.now() + this.ttlMs });
    }
    return principal;
  }

  private remember(key: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first entry is the oldest.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, entry);
  }
}
