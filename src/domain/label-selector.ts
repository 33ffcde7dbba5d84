/**
 * Kubernetes label-selector syntax check (equality- and set-based, as `kubectl -l` accepts:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`), so a typo is refused when an application is
 * saved instead of matching nothing later. Keys follow the qualified-name rule; values the label-value rule
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set).
 */
const KEY = String.raw`(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?`;
const REQUIREMENT = new RegExp(
  String.raw`^\s*(?:!\s*${KEY}|${KEY}\s*(?:(?:==|=|!=)\s*${VALUE}|\s(?:in|notin)\s*\(\s*${VALUE}(?:\s*,\s*${VALUE})*\s*\))?)\s*$`,
);

/** Returns a reason when the selector is not valid, null when it is. The empty selector selects everything. */
export function checkLabelSelector(selector: string): string | null {
  if (selector.trim() === '') return null;
  for (const part of splitTopLevel(selector)) {
    if (!REQUIREMENT.test(part)) return `"${part.trim()}" is not a valid label requirement`;
  }
  return null;
}

/**
 * Whether a label set satisfies a selector, with Kubernetes' semantics (every requirement must hold; `!=` and
 * `notin` also hold when the label is absent; the empty selector selects everything). For objects that do not
 * exist yet — a workload a manifest is about to create — where the API server cannot be asked. A selector that
 * checkLabelSelector refuses selects nothing.
 */
export function matchesLabelSelector(selector: string, labels: Readonly<Record<string, string>>): boolean {
  if (checkLabelSelector(selector) !== null) return false;
  if (selector.trim() === '') return true;
  return splitTopLevel(selector).every((part) => {
    const [, not, key = '', op, value = '', setOp, set = ''] = PARSED.exec(part.trim()) ?? [];
    const has = Object.hasOwn(labels, key);
    if (not) return !has;
    if (op !== undefined) return op === '!=' ? labels[key] !== value : has && labels[key] === value;
    if (setOp !== undefined) {
      const inSet = has && set.split(',').map((v) => v.trim()).includes(labels[key] ?? '');
      return setOp === 'in' ? inSet : !inSet;
    }
    return has;
  });
}

/** One requirement already accepted by REQUIREMENT: `!key`, `key op value`, `key in|notin (…)`, or `key`. */
const PARSED = /^(!)?\s*([^\s!=(),]+)\s*(?:(==|=|!=)\s*([^\s,()]*)|(in|notin)\s*\(([^)]*)\))?$/;

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts;
}

/** DNS-1123 label: namespaces, application names. */
export const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
