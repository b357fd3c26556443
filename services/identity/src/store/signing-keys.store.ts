import type { AnyDB } from '@tradeplane/kit';
import type { JWK } from 'jose';

export interface SigningKeyRecord {
  kid: string;
  alg: string;
  publicJwk: JWK;
  privateJwk: JWK;
  createdAt: Date;
}

interface SigningKeyRow {
  kid: string;
  alg: string;
  public_jwk: JWK;
  private_jwk: JWK;
  created_at: Date;
}

const toRecord = (r: SigningKeyRow): SigningKeyRecord => ({
  kid: r.kid,
  alg: r.alg,
  publicJwk: r.public_jwk,
  privateJwk: r.private_jwk,
  createdAt: r.created_at,
});

export async function findActiveSigningKey(db: AnyDB): Promise<SigningKeyRecord | undefined> {
  const row: SigningKeyRow | undefined = await db
    .selectFrom('signing_keys')
    .select(['kid', 'alg', 'public_jwk', 'private_jwk', 'created_at'])
    .where('active', '=', true)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function insertActiveSigningKey(
  db: AnyDB,
  k: { kid: string; alg: string; publicJwk: JWK; privateJwk: JWK },
): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values({
      kid: k.kid,
      alg: k.alg,
      public_jwk: JSON.stringify(k.publicJwk),
      private_jwk: JSON.stringify(k.privateJwk),
      active: true,
    })
    .execute();
}

/** Public halves of every key still kept (retired keys stay so tokens they signed verify until expiry). */
export async function listPublicKeys(db: AnyDB): Promise<{ kid: string; alg: string; publicJwk: JWK }[]> {
  const rows: { kid: string; alg: string; public_jwk: JWK }[] = await db
    .selectFrom('signing_keys')
    .select(['kid', 'alg', 'public_jwk'])
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ kid: r.kid, alg: r.alg, publicJwk: r.public_jwk }));
}
