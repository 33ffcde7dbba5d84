/**
 * An image trigger's no-downgrade guard (`allowDowngrade`), shown and changed on the trigger's page. Off (the
 * default for triggers made here or through the native API): a push of a tag that is a lower semantic version than
 * the running one is not deployed, and its firing says so. Tags that are not semantic versions always deploy.
 */
import { useState, type ReactNode } from 'react';
import type { ImageTrigger } from '../../../client/index.ts';
import { CheckboxField } from './fields.tsx';
import { Section } from './page.tsx';
import { ProblemMessage } from './problem-message.tsx';
import { useAction } from '../lib/use-api.ts';

export const ALLOW_DOWNGRADE_LABEL = 'Allow downgrades';
export const ALLOW_DOWNGRADE_HINT = 'Off: a push of a tag that is a lower semantic version than the running one (v1.4.0 after v1.5.0) is not deployed. '
  + 'Tags that are not semantic versions (latest, sha-…) always deploy.';

export function DowngradeGuardToggle({ trigger, onSaved }: { trigger: ImageTrigger; onSaved: () => void }): ReactNode {
  const [allow, setAllow] = useState(trigger.allowDowngrade);
  const save = useAction((client) => client.imageTriggers.update(trigger.id, { allowDowngrade: allow }));
  return (
    <Section title="Downgrades">
      <form className="form" onSubmit={(e) => { e.preventDefault(); void save.run().then((r) => { if (r.ok) onSaved(); }); }}>
        <CheckboxField label={ALLOW_DOWNGRADE_LABEL} checked={allow} onChange={setAllow} hint={ALLOW_DOWNGRADE_HINT} />
        <ProblemMessage error={save.error} />
        <div className="actions"><button type="submit" disabled={allow === trigger.allowDowngrade || save.busy}>Save downgrades</button></div>
      </form>
    </Section>
  );
}
