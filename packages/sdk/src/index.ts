/**
 * `@strongroom/sdk`: the composition root users import.
 * @module
 */
export { createStrongroom, type Strongroom } from './create-strongroom.js';
export type {
  StrongroomDisputesOptions,
  StrongroomIdentityOptions,
  StrongroomOptions,
} from './strongroom-options.js';
