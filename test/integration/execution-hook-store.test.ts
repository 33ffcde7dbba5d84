import { executionHookStoreContract } from '../contracts/execution-hooks.contract.ts';
import { onEveryStore } from '../helpers/every-store.ts';

onEveryStore(executionHookStoreContract, 'Execution-hook store contract: PostgreSQL');
