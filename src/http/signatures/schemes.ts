import { acs3 } from './acs3.ts';
import { huaweiSdk } from './huawei-sdk.ts';
import type { SignatureScheme, SignatureSchemeName } from './signed-request.ts';
import { tc3 } from './tc3.ts';
import { tencentV2 } from './tencent-v2.ts';

/** Every vendor request-signature scheme a route can accept (`config.signature`). */
export const SCHEMES: Readonly<Record<SignatureSchemeName, SignatureScheme>> = {
  acs3,
  tc3,
  'tencent-v2': tencentV2,
  'huawei-sdk': huaweiSdk,
};
