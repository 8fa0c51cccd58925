/**
 * `@strongroom/example-shared`: what the Express and Lambda examples have in common, kept in one
 * place so that the two hosts cannot drift apart and tell the same story (the same template, fees
 * and house accounts). Private and never built: the examples import these sources.
 * @module
 */
export { DevelopmentMailbox } from './development-mailbox.js';
export { exampleDisputeOptions } from './dispute-options.js';
export {
  HOUSE_ACCOUNT_CODE,
  type HouseAccountsByCurrency,
  openHouseAccounts,
} from './house-accounts.js';
export { CARD_CAPTURE, CARD_CAPTURE_CODE, EXAMPLE_POSTING_TEMPLATES } from './posting-templates.js';
