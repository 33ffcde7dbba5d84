/**
 * Token roles and what each may do. Checked by the HTTP layer before a use case runs; a use case that needs a
 * finer rule (a pipeline-only deploy task) checks the principal itself.
 */
export const Role = {
  admin: 'admin',
  member: 'member',
  viewer: 'viewer',
  pipeline: 'pipeline',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

/** read: any GET; write: create/change/delete resources; deploy: start runs, invoke, roll back; admin: tokens, keys. */
export type Permission = 'read' | 'write' | 'deploy' | 'admin';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['read', 'write', 'deploy', 'admin'],
  member: ['read', 'write', 'deploy'],
  // A pipeline token starts deploys (and may read what it started) but never edits configuration.
  pipeline: ['read', 'deploy'],
  viewer: ['read'],
};

/** Everything `role` may do (what GET /api/v1/session tells clients, so they need no copy of this table). */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
