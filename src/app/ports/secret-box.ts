/**
 * Authenticated encryption for secrets at rest (kubeconfigs, encrypted parameters, registry passwords).
 * `open` throws an AppError (INTERNAL) when the ciphertext was tampered with or sealed under another key;
 * it never returns garbage.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(ciphertext: string): string;
}
