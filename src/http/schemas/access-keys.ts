import { Type } from 'typebox';
import type { AccessKey } from '../../domain/access-key.ts';
import { Timestamp, iso } from './common.ts';

export const TokenKeyParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The token id.' }),
  keyId: Type.String({ minLength: 1, maxLength: 64, description: 'The access key id (CAPK…).' }),
}, { additionalProperties: false });

export const AccessKeyView = Type.Object({
  id: Type.String({ description: 'The access key id: Alibaba AccessKey ID, Tencent SecretId, Huawei AK. Not secret.' }),
  tokenId: Type.String({ description: 'The token whose role signed requests act with.' }),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()], { description: 'Last signed request, to the minute.' }),
});

export const CreatedAccessKey = Type.Object({
  ...AccessKeyView.properties,
  secret: Type.String({ description: 'Alibaba AccessKey Secret, Tencent SecretKey, Huawei SK. Shown only in this response; store it now.' }),
});

export function accessKeyView(k: AccessKey) {
  return { id: k.id, tokenId: k.tokenId, createdAt: iso(k.createdAt), lastUsedAt: iso(k.lastUsedAt) };
}
