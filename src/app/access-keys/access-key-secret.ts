/**
 * Access key ids and secrets. The id (`CAPK` + 20 base32 characters, 100 random bits) only has to be unique and
 * unguessable enough not to be enumerated; the secret (`capsk_` + 40 alphanumerics, ~238 bits) is the credential.
 * Both are plain ASCII without punctuation so that every vendor SDK, INI file and environment variable carries
 * them unchanged. The `capsk_` prefix lets the log scrubber recognise a leaked secret by its shape.
 */
import { randomBytes } from 'node:crypto';

export const ACCESS_KEY_SECRET_PREFIX = 'capsk_';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newAccessKeyId(): string {
  // 256 is a multiple of 32, so the low five bits of a random byte are uniform.
  return 'CAPK' + Array.from(randomBytes(20), (b) => BASE32[b & 31]).join('');
}

export function newAccessKeySecret(): string {
  let out = '';
  while (out.length < 40) {
    for (const b of randomBytes(48)) {
      // Rejection sampling: 248 = 4 × 62, so bytes below it map uniformly onto the 62 characters.
      if (b < 248 && out.length < 40) out += ALNUM[b % 62];
    }
  }
  return ACCESS_KEY_SECRET_PREFIX + out;
}
