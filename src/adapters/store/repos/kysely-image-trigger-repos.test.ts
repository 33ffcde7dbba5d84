/** The image-trigger and trigger-log contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { imageTriggerReposContract } from '../../../../test/contracts/image-trigger-repos.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(imageTriggerReposContract, 'image-trigger repos contract: PostgreSQL');
