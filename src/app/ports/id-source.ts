/** New unique ids (UUID v4 by default). Injected so tests can make ids predictable. */
export interface IdSource {
  newId(): string;
}

export const randomIds: IdSource = { newId: () => crypto.randomUUID() };
