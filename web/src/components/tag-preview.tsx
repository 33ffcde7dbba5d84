/**
 * Live preview of an image-trigger condition: which of the repository's recent tags (from accepted pushes) and of
 * the tags typed here it would fire for. The server decides (the same RE2 engine and rules as a real push), and
 * an invalid condition shows the server's message verbatim.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { InvokeMethod } from '../../../client/index.ts';
import { useApi } from '../lib/use-api.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { TextField } from './fields.tsx';
import { ProblemMessage } from './problem-message.tsx';
import { StateBadge } from './state-badge.tsx';

export function TagPreview({ repository, method, expr }: { repository: string; method: InvokeMethod; expr: string }): ReactNode {
  const [extra, setExtra] = useState('');
  const repo = useDebounced(repository.trim().toLowerCase());
  const recent = useApi(async (client) => {
    if (!repo) return [];
    const page = await client.registry.listEvents({ repository: repo, limit: 50 });
    return [...new Set(page.items.map((e) => e.tag).filter((t): t is string => t !== null))].slice(0, 20);
  }, [repo]);
  const typed = useDebounced(extra);
  const tags = useMemo(() => {
    const own = typed.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);
    return [...new Set([...own, ...(recent.data ?? [])])].slice(0, 1000);
  }, [typed, recent.data]);
  const settledMethod = useDebounced(method);
  const settledExpr = useDebounced(expr);
  const preview = useApi(async (client) => (tags.length === 0 ? null : client.imageTriggers.previewCondition({ method: settledMethod, expr: settledExpr }, tags)),
    [JSON.stringify(tags), settledMethod, settledExpr]);
  return (
    <div className="section" aria-live="polite">
      <h3>Which tags would fire</h3>
      <TextField label="Try tags" value={extra} onChange={setExtra} placeholder="v1.2.3, latest, v2.0.0-rc1"
        hint={repo ? `Also tried: the recent tags pushed to ${repo}.` : 'Enter the repository to try its recent tags too.'} />
      {tags.length === 0 && <p className="muted">No tags to try yet: type some above{repo ? `, or push to ${repo}` : ''}.</p>}
      <ProblemMessage error={preview.error ?? recent.error} />
      {preview.data && !preview.error && (
        <>
          <p>{preview.data.matching.length} of {preview.data.items.length} would fire.</p>
          <ul className="plain tag-list">
            {preview.data.items.map((item) => (
              <li key={item.tag}><code>{item.tag}</code> <StateBadge state={item.matches ? 'fires' : 'no match'} /></li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
