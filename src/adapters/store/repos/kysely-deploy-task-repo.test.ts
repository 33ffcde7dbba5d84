/** The DeployTaskRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { deployTaskRepoContract } from '../../../../test/contracts/deploy-task-repo.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(deployTaskRepoContract, 'DeployTaskRepo contract: PostgreSQL');
