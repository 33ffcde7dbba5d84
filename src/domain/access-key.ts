/**
 * An access key pair: what the vendor SDKs sign requests with (Alibaba AccessKey ID/Secret, Tencent
 * SecretId/SecretKey, Huawei AK/SK). A key belongs to one API token and acts with that token's role; it stops
 * working when the token expires or is revoked (the row is deleted with the token).
 *
 * The id is public (it travels in every signed request). The secret is shown once, at creation, and stored sealed
 * (SecretBox, AES-GCM) rather than hashed, because verifying an HMAC signature needs the secret itself.
 */
export interface AccessKey {
  /** `CAPK` + 20 base32 characters; unique across accounts (a signed request names only the key). */
  readonly id: string;
  readonly accountId: string;
  readonly tokenId: string;
  /**
   * 1 … MAX_ACCESS_KEYS_PER_TOKEN; unique per token, so the store itself refuses a key over the limit even when
   * two creations race.
   */
  readonly slot: number;
  readonly secretCiphertext: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

/** As the three vendors allow per user: two, so a key can be rotated without downtime. */
export const MAX_ACCESS_KEYS_PER_TOKEN = 2;

export const ACCESS_KEY_ID_PATTERN = /^CAPK[A-Z2-7]{20}$/;

export function isAccessKeyId(value: string): boolean {
  return ACCESS_KEY_ID_PATTERN.test(value);
}

/** The lowest slot no key of the token holds, or null when the token has the maximum already. */
export function freeSlot(keys: readonly Pick<AccessKey, 'slot'>[]): number | null {
  for (let slot = 1; slot <= MAX_ACCESS_KEYS_PER_TOKEN; slot++) {
    if (!keys.some((k) => k.slot === slot)) return slot;
  }
  return null;
}
