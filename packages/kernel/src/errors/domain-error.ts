/**
 * The shape every domain error shares: a namespaced, stable `type` (`ledger.insufficient_funds`)
 * that callers switch on. Domain packages declare their own unions of such objects; the compiler
 * then checks that a `switch (error.type)` handles every case.
 */
export interface DomainError<Type extends string = string> {
  readonly type: Type;
}
