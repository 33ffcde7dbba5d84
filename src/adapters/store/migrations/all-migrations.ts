import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';
import { foundation } from './0001-foundation.ts';
import { deployRecords } from './0002-deploy-records.ts';
import { ackTriggers } from './0003-ack-triggers.ts';
import { registryEvents } from './0004-registry-events.ts';
import { imageTriggers } from './0005-image-triggers.ts';
import { deployTasks } from './0006-deploy-tasks.ts';
import { executionHooks } from './0007-execution-hooks.ts';
import { accessKeys } from './0008-access-keys.ts';
import { auditEvents } from './0009-audit-events.ts';
import { notificationChannels } from './0010-notification-channels.ts';
import { imageQuarantine } from './0011-image-quarantine.ts';
import { imageTriggerDowngradeGuard } from './0012-image-trigger-downgrade-guard.ts';

/**
 * Every migration, in order, for one dialect. Names sort lexically (Kysely runs them in name order), so a later
 * issue adds `0002-<topic>.ts` exporting a `(dialect) => Migration` factory and one line here. Never edit or
 * rename a migration that has shipped.
 */
export function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-deploy-records': deployRecords(dialect),
    '0003-ack-triggers': ackTriggers(dialect),
    '0004-registry-events': registryEvents(dialect),
    '0005-image-triggers': imageTriggers(dialect),
    '0006-deploy-tasks': deployTasks(dialect),
    '0007-execution-hooks': executionHooks(dialect),
    '0008-access-keys': accessKeys(dialect),
    '0009-audit-events': auditEvents(dialect),
    '0010-notification-channels': notificationChannels(dialect),
    '0011-image-quarantine': imageQuarantine(dialect),
    '0012-image-trigger-downgrade-guard': imageTriggerDowngradeGuard(dialect),
  };
}
