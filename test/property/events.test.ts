/** Properties of the event list parser: valid lists round-trip, and any invalid entry is reported by name. */
import fc from 'fast-check';
import { ONESPAN_EVENTS } from '../../scripts/lib/onespan/events';
import { checkEvents } from '../../scripts/lib/settings';

const SETTING = '--events / ONESPAN_EVENTS';
const validList = fc.uniqueArray(fc.constantFrom(...ONESPAN_EVENTS), { minLength: 1 });

function problemsOf(raw: string): string[] {
  const checked = checkEvents(raw, SETTING);
  if (checked.ok) {
    return [];
  }
  return ('problems' in checked ? checked.problems : [checked.problem]).map((problem) => problem.problem);
}

describe('checkEvents', () => {
  it('reads any list of distinct valid names back in the order given', () => {
    fc.assert(
      fc.property(validList, (events) => {
        expect(checkEvents(events.join(','), SETTING)).toEqual({ ok: true, value: events });
      }),
    );
  });

  it('reports an invalid entry anywhere in a valid list, naming it', () => {
    const invalidEntry = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 30 })
      .filter(
        (entry) =>
          !entry.includes(',') && entry.trim() !== '' && !(ONESPAN_EVENTS as readonly string[]).includes(entry),
      );
    fc.assert(
      fc.property(validList, invalidEntry, fc.nat(), (events, entry, at) => {
        const list: string[] = [...events];
        list.splice(at % (list.length + 1), 0, entry);
        const problems = problemsOf(list.join(','));
        expect(problems.some((problem) => problem.includes(entry))).toBe(true);
      }),
    );
  });

  it('reports a repeated name', () => {
    fc.assert(
      fc.property(validList, fc.nat(), (events, at) => {
        const repeated = events[at % events.length];
        expect(problemsOf([...events, repeated].join(','))).toContain(`${repeated} is listed more than once`);
      }),
    );
  });

  it('suggests a corrected list that is itself valid', () => {
    const damaged = fc.tuple(
      validList,
      fc.constantFrom<(name: string) => string>(
        (name) => name.toLowerCase(),
        (name) => ` ${name}`,
        (name) => name.slice(0, -1),
      ),
    );
    fc.assert(
      fc.property(damaged, ([events, damage]) => {
        const checked = checkEvents([damage(events[0]), ...events.slice(1)].join(','), SETTING);
        expect(checked.ok).toBe(false);
        const fix = ('problems' in checked ? checked.problems : [(checked as { problem: { fix: string } }).problem])[0]
          .fix;
        const suggestion = /([A-Z_]+(?:,[A-Z_]+)*)\.$/.exec(fix)?.[1] ?? '';
        expect(checkEvents(suggestion, SETTING).ok).toBe(true);
      }),
    );
  });
});
