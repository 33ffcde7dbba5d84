/**
 * The overview's "Backup" section: what the copy of the embedded store holds and what it does not (the master
 * key), and the button that downloads it. The UI does not know the signed-in token's role (GET /api/v1/account
 * does not say it), so, as with the hook switch, the button is shown to every token and the server's 403 explains
 * a refusal; the text says beforehand that an admin token is needed.
 */
import type { ReactNode } from 'react';
import { Section } from './page.tsx';
import { StoreBackupDownload } from './store-backup-download.tsx';

export function StoreBackupSection(): ReactNode {
  return (
    <Section title="Backup">
      <p>Downloads a consistent copy of Capstan's SQLite database, made while Capstan keeps serving. It holds every
        record, the sealed secrets and the token hashes: keep it private. It does not hold the master key that unseals
        those secrets: keep <code>DATA_DIR/master.key</code> (or <code>CAPSTAN_MASTER_KEY</code>) with it. To
        restore, see the README, "Backups".</p>
      <p className="hint">Needs an admin token; the server refuses any other and says why. A Capstan on PostgreSQL is
        backed up with <code>pg_dump</code> instead.</p>
      <StoreBackupDownload />
    </Section>
  );
}
