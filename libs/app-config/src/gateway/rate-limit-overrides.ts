/** A request budget: at most `requests` per `periodS` seconds. */
export interface RateLimitBudget {
  requests: number;
  periodS: number;
}

/** Budgets by tenant id. */
export type RateLimitOverrides = Readonly<Record<string, RateLimitBudget>>;

const ENTRY = /^([^=\s]+)=(\d+)\/(\d+)$/;

/**
 * Parses `RATE_LIMIT_OVERRIDES`: comma-separated `tenant=requests/periodSeconds` entries, e.g.
 * `acme=50/1,bulk-co=5000/60`. Throws naming the first malformed entry.
 *
 * @example parseRateLimitOverrides('acme=50/1').acme // { requests: 50, periodS: 1 }
 */
export function parseRateLimitOverrides(value: string): RateLimitOverrides {
  const overrides = new Map<string, RateLimitBudget>();
  for (const entry of value.split(',').map((s) => s.trim())) {
    if (!entry) continue;
    const match = ENTRY.exec(entry);
    const requests = Number(match?.[2]);
    const periodS = Number(match?.[3]);
    if (!match || !(requests >= 1) || !(periodS >= 1)) {
      throw new Error(
        `"${entry}" is not tenant=requests/seconds with positive whole numbers (e.g. acme=50/1)`,
      );
    }
    const tenant = match[1]!;
    if (overrides.has(tenant)) throw new Error(`tenant "${tenant}" is listed twice`);
    overrides.set(tenant, { requests, periodS });
  }
  return Object.fromEntries(overrides);
}

/** The override for `tenant`, if one is configured. */
export function overrideFor(
  overrides: RateLimitOverrides,
  tenant: string,
): RateLimitBudget | undefined {
  return Object.hasOwn(overrides, tenant) ? overrides[tenant] : undefined;
}
