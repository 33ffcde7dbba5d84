/**
 * The OpenAPI document (GET /openapi.json) is generated from the same TypeBox schemas that validate requests and
 * filter responses, so the docs cannot drift from the code. Swagger UI is served at /docs.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Capstan API',
        version,
        description: 'Native API of Capstan (errors: RFC 9457 problem+json; see /problems). Vendor-compatible surfaces (ACK, Tencent CCR/TCR, CodeArts Deploy, Astra) are mounted at their vendors\' paths.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
