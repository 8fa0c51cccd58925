import type { Storage } from '@strongroom/kernel';

/** What every events case gets: the backend's storage, shared by the cases of one run. */
export interface EventsSuiteContext {
  /** The storage under test. */
  storage(): Storage;
}
