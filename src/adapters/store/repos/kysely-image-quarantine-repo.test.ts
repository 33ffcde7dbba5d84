/** The ImageQuarantineRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { imageQuarantineRepoContract } from '../../../../test/contracts/image-quarantine-repo.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(imageQuarantineRepoContract, 'ImageQuarantineRepo contract: PostgreSQL');
