/**
 * Log redaction, in two layers. Structured: known secret-bearing fields are censored by path before
 * serialization. Textual: every finished log line is scrubbed for secret shapes (Capstan tokens and access key
 * secrets, bearer values, `token=` and `Signature=` values, kubeconfig credential keys, PEM blocks), so a secret
 * that reached a message or an error by an unforeseen route is still cut (peer practice: Keel's
 * webhook_log_redaction_test).
 */
export const CENSOR = '[redacted]';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'req.headers.cookie',
  // Vendor temporary credentials (STS / CAM / IAM security tokens) sent next to a signature.
  'req.headers["x-acs-security-token"]',
  'req.headers["x-tc-token"]',
  'req.headers["x-security-token"]',
  'headers.authorization',
  'headers["x-auth-token"]',
  '*.kubeconfig',
  'kubeconfig',
  '*.token',
  'token',
  '*.secret',
  'secret',
  '*.password',
  'password',
  '*.masterKey',
  '*.secretKey',
  '*.accessKeySecret',
  'err.config',
  'err.headers',
];

const LINE_PATTERNS: readonly [RegExp, string][] = [
  [/cap_[A-Za-z0-9_-]{16,}/g, CENSOR],
  // Access key secrets (capsk_…). Vendor signatures (`Signature=<hex>` in Authorization, `Signature=` of Tencent
  // API 2.0 query strings) are cut by the `signature=` rule below.
  [/capsk_[A-Za-z0-9]{16,}/g, CENSOR],
  // Standard Webhooks signing secrets (notification channels, receivers of that sender).
  [/whsec_[A-Za-z0-9+/=]{16,}/g, CENSOR],
  // Registry receiver ids are the only credential of senders that cannot sign (their URL is the secret, W4): keep
  // the first four characters so log lines stay correlatable, cut the rest (wherever the id appears).
  [/\b(rcv_[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g, `$1…${CENSOR}`],
  [/(bearer\s+)[^\s"',]+/gi, `$1${CENSOR}`],
  [/(\b(?:token|access_token|signature|Signature|secret)=)[^&\s"#]+/g, `$1${CENSOR}`],
  [/((?:client-key-data|client-certificate-data|token|password)\\?"?:\s*\\?"?)[^\s"\\,}]+/g, `$1${CENSOR}`],
  [/-----BEGIN [A-Z ]+-----[^-]*-----END [A-Z ]+-----/g, CENSOR],
];

export function scrubLine(line: string): string {
  let out = line;
  for (const [pattern, replacement] of LINE_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Request URL as logged: query values of secret parameters are censored, the rest kept for debugging. */
export function redactUrl(url: string): string {
  return scrubLine(url);
}
