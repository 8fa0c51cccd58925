import { afterAll, beforeAll, describe } from 'vitest';
import type { StorageBackend, StorageUnderTest } from '../storage/storage-backend.js';
import { defineAggregateCases } from './aggregate-cases.js';
import type { EventsSuiteContext } from './events-suite-context.js';
import { defineProjectionCases } from './projection-cases.js';
import { defineRelayCases } from './relay-cases.js';
import { defineSequencingCases } from './sequencing-cases.js';
import { defineStreamCases } from './stream-cases.js';

/**
 * The events conformance suite: streams and their optimistic lock, global sequencing, deciders
 * and upcasting, projections, and the outbox relay with its error bus, over every storage backend.
 */
export function describeEventsConformance(backends: readonly StorageBackend[]): void {
  for (const backend of backends) {
    describe(`events conformance: ${backend.name}`, () => {
      let underTest: StorageUnderTest | undefined;
      beforeAll(async () => {
        underTest = await backend.create();
      });
      afterAll(async () => {
        await underTest?.dispose();
      });
      const context: EventsSuiteContext = {
        storage() {
          if (underTest === undefined) throw new Error(`backend ${backend.name} was not created`);
          return underTest.storage;
        },
      };
      describe('streams', () => defineStreamCases(context));
      describe('sequencing', () => defineSequencingCases(context));
      describe('aggregates', () => defineAggregateCases(context));
      describe('projections', () => defineProjectionCases(context));
      describe('relay', () => defineRelayCases(context));
    });
  }
}
