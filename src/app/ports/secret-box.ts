/**
 * Authenticated encryption for secrets at rest (kubeconfigs, encrypted parameters, registry passwords).
 * `open` throws an AppError (INTERNAL) when the ciphertext was tampered with or sealed under another key;
 * it never returns garbage.
 *
 * `mac` signs data Capstan hands out and later gets back (trigger URL tokens): HMAC-SHA256 under a key derived
 * from the master key for one named purpose (HKDF-SHA256, RFC 5869), so a MAC made for one purpose is never valid
 * for another. Changing the master key invalidates every MAC made under the old one. Compare MACs in constant time.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(ciphertext: string): string;
  mac(purpose: string, data: string): Buffer;
}
