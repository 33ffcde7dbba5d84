import { Type } from 'typebox';
import type { ApiToken } from '../../domain/api-token.ts';
import { ROLES } from '../../domain/roles.ts';
import { Timestamp, iso } from './common.ts';

export const RoleSchema = Type.Enum([...ROLES], { description: 'admin, member, viewer or pipeline' });

export const CreateTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: RoleSchema,
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
}, { additionalProperties: false });

export const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  prefix: Type.String({ description: 'First characters of the secret, to tell tokens apart.' }),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
});

export const CreatedToken = Type.Object({
  ...TokenView.properties,
  token: Type.String({ description: 'The secret. Shown only in this response; store it now.' }),
});

export function tokenView(t: ApiToken) {
  return { id: t.id, name: t.name, role: t.role, prefix: t.prefix, createdAt: iso(t.createdAt),
    lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt) };
}
