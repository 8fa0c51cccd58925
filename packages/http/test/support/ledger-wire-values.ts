import { typeIdGenerator } from '@strongroom/kernel';

/** An account's balances on the wire before any transfer touched it. */
export const ZERO_BALANCES = {
  debitsPending: '0',
  debitsPosted: '0',
  creditsPending: '0',
  creditsPosted: '0',
};

/** A fresh `acc_…` id. */
export const accountId = () => typeIdGenerator.next('acc');

/** A fresh `trf_…` id. */
export const transferId = () => typeIdGenerator.next('trf');

/** Balances on the wire: zero but for the totals named. */
export function balances(partial: Partial<typeof ZERO_BALANCES>) {
  return { ...ZERO_BALANCES, ...partial };
}
