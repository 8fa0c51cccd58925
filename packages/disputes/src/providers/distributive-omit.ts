/** `Omit` applied to each member of a union, so each command keeps its own fields. */
export type DistributiveOmit<Union, Keys extends PropertyKey> = Union extends unknown
  ? Omit<Union, Keys>
  : never;
