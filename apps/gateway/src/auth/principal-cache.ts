import type { TenantPrincipal } from '@switchboard/contracts';

/**
 * Verified principals for a short while, so a busy client does not cost a lookup per request.
 * The TTL bounds how long a revoked key keeps working; the size bound keeps memory flat.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: TenantPrincipal; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async getOrLoad(key: string, load: () => Promise<TenantPrincipal>): Promise<TenantPrincipal> {
    if (this.ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.principal;
    this.entries.delete(key);
    const principal = await load();
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first entry is the oldest.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { principal, expires: this.now() + this.ttlMs });
    return principal;
  }
}
