/**
 * Small pieces every Astra route uses: the account in the path must be the caller's, responses follow `Accept`
 * (`application/astra-<kind>+json` when asked for, else `application/json`), and collections are walked fully
 * before `filter`/`limit` apply (hook-family collections are small: a few hooks per application).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import { AppError, notFound } from '../../../domain/errors.ts';
import type { MetadataLabel } from '../../../domain/execution-hook.ts';
import { principalOf } from '../../plugins/fastify-types.ts';
import type { HookActor } from '../../../app/hooks/validate-hook-input.ts';
import type { HttpDeps } from '../../http-deps.ts';

/** The caller's account, which must be the one named in the path (another account's collection does not exist). */
export function actorOf(request: FastifyRequest, accountId: string): HookActor {
  const principal = principalOf(request);
  if (principal.accountId !== accountId) throw new AppError('ACCOUNT_NOT_FOUND', `Account ${accountId} does not exist or is not yours.`);
  return { accountId, tokenId: principal.tokenId };
}

/** Resolves when the application exists in the account; APPLICATION_NOT_FOUND otherwise. */
export async function existingApp(deps: HttpDeps, accountId: string, appId: string): Promise<void> {
  if (!(await deps.app.store.applications.get(accountId, appId))) throw notFound('APPLICATION_NOT_FOUND', 'Application', appId);
}

/** Sets the response media type: the resource's own when the client accepts it, JSON otherwise. */
export function negotiate(request: FastifyRequest, reply: FastifyReply, media: string): void {
  const accept = (request.headers.accept ?? '').toLowerCase();
  // Set as a header, not with reply.type(), which lower-cases it: Astra's media types are camelCase on the wire.
  reply.header('content-type', `${accept.includes(`${media.toLowerCase()}+json`) ? `${media}+json` : 'application/json'}; charset=utf-8`);
}

/** The `version` a client asks for in `Accept` (`…; version=1.2`), when it is one this resource has. */
export function acceptedVersion(request: FastifyRequest, versions: readonly string[], fallback: string): string {
  const match = /version\s*=\s*"?([0-9.]+)"?/i.exec(request.headers.accept ?? '');
  return match && versions.includes(match[1]!) ? match[1]! : fallback;
}

export function labelsOf(metadata: { readonly labels?: readonly MetadataLabel[] | undefined } | undefined): MetadataLabel[] | undefined {
  return metadata?.labels?.map((l) => ({ name: l.name, value: l.value }));
}

export function boolOf(value: 'true' | 'false' | undefined): boolean | undefined {
  return value === undefined ? undefined : value === 'true';
}

/** Every item of a keyset-paged collection, oldest first. */
export async function allPages<T>(fetch: (page: PageQuery) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetch({ limit: 500, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

export function etagHeader(etag: string): string {
  return `"${etag}"`;
}
