/** Puts a hook first in a route's own hook list, keeping whatever the route declared (one function or a list). */
export function prependHook<T>(hook: T, existing: T | T[] | undefined): T[] {
  return [hook, ...(existing === undefined ? [] : [existing].flat() as T[])];
}
