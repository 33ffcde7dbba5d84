import { registryStoreContract } from '../../../../test/contracts/registry-store.contract.ts';
import { onEveryStore } from '../../../../test/helpers/every-store.ts';

onEveryStore(registryStoreContract, 'registry store contract on PostgreSQL');
