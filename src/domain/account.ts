/** A tenant. Every resource belongs to one; Astra's `account_id` and CodeArts' `domain_id` are views of its id. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}
