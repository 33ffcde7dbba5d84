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
