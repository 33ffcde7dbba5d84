/** The AccessKeyRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { accessKeyRepoContract } from '../../../../test/contracts/access-key-repo.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(accessKeyRepoContract, 'AccessKeyRepo contract: PostgreSQL');
