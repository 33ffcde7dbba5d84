/**
 * Shows an error from the typed client exactly as the API stated it: the problem's title and stable code, its
 * detail, and one line per invalid field (JSON Pointer into the request). Announced to screen readers.
 */
import type { ReactNode } from 'react';
import { CapstanApiError, CapstanConnectionError } from '../../../client/index.ts';

export function ProblemMessage({ error }: { error: unknown }): ReactNode {
  if (error === null || error === undefined) return null;
  if (error instanceof CapstanApiError) {
    return (
      <div className="problem" role="alert">
        <p className="problem-title"><strong>{error.title}</strong> <code>{error.code}</code></p>
        {error.detail && error.detail !== error.title && <p className="problem-detail">{error.detail}</p>}
        {error.errors.length > 0 && (
          <ul className="problem-fields">
            {error.errors.map((field) => <li key={`${field.pointer}:${field.detail}`}><code>{field.pointer}</code>: {field.detail}</li>)}
          </ul>
        )}
        {error.requestId && <p className="problem-request">Request id <code>{error.requestId}</code></p>}
      </div>
    );
  }
  if (error instanceof CapstanConnectionError) {
    return <div className="problem" role="alert"><p><strong>Cannot reach the Capstan server</strong> <code>{error.reason}</code></p></div>;
  }
  return <div className="problem" role="alert"><p><strong>Unexpected failure</strong>: {error instanceof Error ? error.message : String(error)}</p></div>;
}
