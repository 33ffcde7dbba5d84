/**
 * The overview's "Backup" section: what the copy of the embedded store holds and what it does not (the master
 * key), and the button that downloads it. Shown to admin tokens only (GET /api/v1/store-backup is admin only); the
 * server still checks, and a refusal it answers is shown by the download button.
 */
import type { ReactNode } from 'react';
import { useCan } from '../lib/api-context.tsx';
import { Section } from './page.tsx';
import { StoreBackupDownload } from './store-backup-download.tsx';

export function StoreBackupSection(): ReactNode {
  if (!useCan('admin')) return null;
  return (
    <Section title="Backup">
      <p>Downloads a consistent copy of Capstan's SQLite database, made while Capstan keeps serving. It holds every
        record, the sealed secrets and the token hashes: keep it private. It does not hold the master key that unseals
        those secrets: keep <code>DATA_DIR/master.key</code> (or <code>CAPSTAN_MASTER_KEY</code>) with it. To
        restore, see the README, "Backups".</p>
      <p className="hint">A Capstan on PostgreSQL is backed up with <code>pg_dump</code> instead.</p>
      <StoreBackupDownload />
    </Section>
  );
}
