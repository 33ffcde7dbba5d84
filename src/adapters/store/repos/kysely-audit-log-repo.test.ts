/** The AuditLogRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { auditLogRepoContract } from '../../../../test/contracts/audit-log.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(auditLogRepoContract, 'AuditLogRepo contract: PostgreSQL');
