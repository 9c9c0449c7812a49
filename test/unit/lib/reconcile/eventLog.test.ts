/** Bulk look-ups of the event log: chunked IN queries, exact matching, only deduplicated records. */
import { findStoredEvents, QUERY_CHUNK, storedEventsQuery } from '../../../../scripts/lib/reconcile/eventLog';

describe('storedEventsQuery', () => {
  it('asks for the packages and events in IN lists, escaping quotes, and only records with a dedupe key', () => {
    expect(storedEventsQuery(["a'b=", 'c'], ['PACKAGE_COMPLETE'])).toBe(
      "SELECT Package_Id__c, Event_Name__c FROM OSS_Callback_Event__c WHERE Package_Id__c IN ('a\\'b=', 'c') " +
        "AND Event_Name__c IN ('PACKAGE_COMPLETE') AND Dedupe_Key__c != null",
    );
  });
});

describe('findStoredEvents', () => {
  it('sends one query per chunk of package ids, never one per transaction', async () => {
    const queries: string[] = [];
    const wanted = Array.from({ length: 2 * QUERY_CHUNK + 1 }, (_, i) => ({
      packageId: `p${i}`,
      event: 'PACKAGE_COMPLETE',
    }));
    await findStoredEvents(<T>(soql: string) => {
      queries.push(soql);
      return Promise.resolve([] as T[]);
    }, wanted);
    expect(queries).toHaveLength(3);
    expect(queries[2]).toContain(`IN ('p${2 * QUERY_CHUNK}')`);
  });

  it('matches rows to transactions exactly: case and event name count', async () => {
    const rows = [
      { Package_Id__c: 'AbC=', Event_Name__c: 'PACKAGE_COMPLETE' },
      { Package_Id__c: 'abc=', Event_Name__c: 'PACKAGE_DECLINE' },
      { Package_Id__c: 'xyz=', Event_Name__c: 'PACKAGE_COMPLETE' },
    ];
    const stored = await findStoredEvents(
      <T>() => Promise.resolve(rows as T[]),
      [
        { packageId: 'abc=', event: 'PACKAGE_COMPLETE' },
        { packageId: 'AbC=', event: 'PACKAGE_COMPLETE' },
        { packageId: 'xyz=', event: 'PACKAGE_DECLINE' },
      ],
    );
    expect([...stored]).toEqual(['PACKAGE_COMPLETE\u0000AbC=']);
  });
});
