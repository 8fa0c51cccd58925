import fc from 'fast-check';
import { type CalendarDate, calendarDateOf } from '../../src/deadlines/calendar-date.js';

/** Any day from 1970 to 2999, drawn from instants so that the generator does not use addCalendarDays. */
export const anyCalendarDate: fc.Arbitrary<CalendarDate> = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2999-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map(calendarDateOf);
