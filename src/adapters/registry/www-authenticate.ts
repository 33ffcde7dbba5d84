/**
 * `WWW-Authenticate` challenges (RFC 9110 §11.6.1), as registries send them:
 *   Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"
 *   Basic realm="Registry Realm"
 * One header may hold several challenges separated by commas; parameters are `name=token` or `name="quoted"`.
 */
export interface Challenge {
  /** Lower case: `bearer`, `basic` … */
  readonly scheme: string;
  /** Parameter names in lower case. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
const PARAM = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([!#$%&'*+.^_`|~0-9A-Za-z/:=-]+))/y;

export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let pos = 0;
  while (pos < header.length) {
    while (pos < header.length && /[\s,]/.test(header[pos] as string)) pos++;
    TOKEN.lastIndex = pos;
    const scheme = TOKEN.exec(header);
    if (!scheme) break;
    pos = TOKEN.lastIndex;
    const params: Record<string, string> = {};
    for (;;) {
      PARAM.lastIndex = pos;
      const param = PARAM.exec(header);
      if (!param) break;
      params[(param[1] as string).toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] as string);
      pos = PARAM.lastIndex;
      const comma = /\s*,/y;
      comma.lastIndex = pos;
      if (!comma.exec(header)) break;
      // A comma either separates parameters or starts the next challenge; only consume it for a parameter.
      PARAM.lastIndex = comma.lastIndex;
      if (!PARAM.exec(header)) break;
      pos = comma.lastIndex;
    }
    challenges.push({ scheme: scheme[0].toLowerCase(), params });
  }
  return challenges;
}
