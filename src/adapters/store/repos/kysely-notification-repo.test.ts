/** The NotificationRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { notificationRepoContract } from '../../../../test/contracts/notification-repo.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(notificationRepoContract, 'NotificationRepo contract: PostgreSQL');
