import { sql, type Kysely } from 'kysely';

/**
 * Each tenant's token issuer: the `iss` a JWT must carry to act as the tenant (one issuer speaks
 * for at most one tenant), and optionally the JWKS its tokens are verified against.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tenants')
    .addColumn('jwt_issuer', 'text', (c) => c.unique().check(sql`length(jwt_issuer) > 0`))
    .addColumn('jwt_jwks_url', 'text')
    .execute();
  // A JWKS without an issuer would be keys trusted for nothing in particular.
  await sql`alter table tenants add constraint tenants_jwks_needs_issuer check (jwt_jwks_url is null or jwt_issuer is not null)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table tenants drop constraint if exists tenants_jwks_needs_issuer`.execute(db);
  await db.schema.alterTable('tenants').dropColumn('jwt_jwks_url').execute();
  await db.schema.alterTable('tenants').dropColumn('jwt_issuer').execute();
}
