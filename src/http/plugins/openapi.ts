/**
 * The OpenAPI document (GET /openapi.json) is generated from the same TypeBox schemas that validate requests and
 * filter responses, so the docs cannot drift from the code. Swagger UI is served at /docs.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { SignatureSchemeName } from '../signatures/signed-request.ts';
import './fastify-types.ts';
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
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token: `Authorization: Bearer <token>`.' },
          xAuthToken: { type: 'apiKey', in: 'header', name: 'X-Auth-Token', description: 'An API token (CodeArts surface).' },
          ...SIGNATURE_SCHEMES,
        },
      },
      security: [{ bearer: [] }],
    },
  });
  // Each operation documents how it is authenticated: public routes need nothing, the CodeArts routes also take
  // X-Auth-Token, and vendor routes also take their vendor's request signature made with an access key.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.schema?.hide === true) return;
    const config = route.config;
    const security: Record<string, string[]>[] = [];
    if (config?.auth !== 'public') {
      security.push({ bearer: [] });
      if (config?.xAuthToken) security.push({ xAuthToken: [] });
      if (config?.signature) security.push({ [config.signature]: [] });
    }
    route.schema = { ...route.schema, security };
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
}

const signatureScheme = (description: string) => ({ type: 'apiKey', in: 'header', name: 'Authorization', description }) as const;

/** docs/access-keys.md has the canonicalisation of each. */
const SIGNATURE_SCHEMES: Record<SignatureSchemeName, ReturnType<typeof signatureScheme>> = {
  'acs3': signatureScheme('Alibaba Cloud ACS3-HMAC-SHA256 signature with an access key (ACK surface).'),
  'tc3': signatureScheme('Tencent Cloud TC3-HMAC-SHA256 signature with an access key (TCR API 3.0 surface).'),
  'tencent-v2': signatureScheme('Tencent Cloud API 2.0 HmacSHA1/HmacSHA256 query signature (SecretId, Signature, Nonce, Timestamp) on /v2/index.php.'),
  'huawei-sdk': signatureScheme('Huawei Cloud SDK-HMAC-SHA256 AK/SK signature (CodeArts surface).'),
};
