import { AppError } from '../../domain/errors.ts';
import type { RegistryCredentials } from '../ports/registry-client.ts';
import type { SecretBox } from '../ports/secret-box.ts';

/** Registry credentials at rest: one secret-box ciphertext of `{"username","password"}` (the user name is no secret, but stays with its password). */
export function sealCredentials(secrets: SecretBox, credentials: RegistryCredentials): string {
  return secrets.seal(JSON.stringify({ username: credentials.username, password: credentials.password }));
}

export function openCredentials(secrets: SecretBox, ciphertext: string): RegistryCredentials {
  const value = JSON.parse(secrets.open(ciphertext)) as { username?: unknown; password?: unknown };
  if (typeof value.username !== 'string' || typeof value.password !== 'string') {
    throw new AppError('INTERNAL', 'Stored registry credentials are not readable.');
  }
  return { username: value.username, password: value.password };
}
