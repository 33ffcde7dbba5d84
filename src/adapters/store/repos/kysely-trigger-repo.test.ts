/** The TriggerRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { triggerRepoContract } from '../../../../test/contracts/trigger-repo.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(triggerRepoContract, 'TriggerRepo contract: PostgreSQL');
