import { Type } from 'typebox';
import { ERROR_CATALOG, HTTP_STATUS_BY_KIND, codeSlug, notFound, type ErrorCode } from '../../domain/errors.ts';
import type { Server } from '../http-deps.ts';
import { Problem } from '../schemas/common.ts';

const ProblemType = Type.Object({ code: Type.String(), type: Type.String(), status: Type.Integer(), title: Type.String() });

/** The problem `type` URIs resolve here: one entry per catalog code (docs/errors.md explains each). */
export function problemRoutes(server: Server): void {
  const entries = (Object.keys(ERROR_CATALOG) as ErrorCode[]).map((code) => ({
    code, type: codeSlug(code), status: HTTP_STATUS_BY_KIND[ERROR_CATALOG[code].kind], title: ERROR_CATALOG[code].title,
  }));
  server.get('/problems', {
    config: { auth: 'public' },
    schema: { tags: ['docs'], summary: 'Every problem type the native API returns', security: [], response: { 200: Type.Object({ items: Type.Array(ProblemType) }) } },
  }, async () => ({ items: entries }));
  server.get('/problems/:type', {
    config: { auth: 'public' },
    schema: { tags: ['docs'], summary: 'One problem type', security: [], params: Type.Object({ type: Type.String({ maxLength: 64 }) }), response: { 200: ProblemType, 404: Problem } },
  }, async (request) => {
    const entry = entries.find((e) => e.type === request.params.type);
    if (!entry) throw notFound('RESOURCE_NOT_FOUND', 'Problem type', request.params.type);
    return entry;
  });
}
