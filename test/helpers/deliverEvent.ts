/**
 * Delivers a PACKAGE_COMPLETE to the emulated org's receiver as OneSpan would (the Run As user's token, the
 * documented payload), for tests whose subject starts from an event the org already stored.
 */
import type { SalesforceEmulator } from '../../scripts/emulator';

/** Returns the stored event's Id. */
export async function deliverPackageComplete(
  salesforce: SalesforceEmulator,
  packageId: string,
  sessionUser = 'sender-1',
): Promise<string> {
  const token = salesforce.issueAccessToken(salesforce.demo.runAsUserId);
  const answer = await fetch(`${salesforce.url}/services/apexrest/OSS/callback`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'PACKAGE_COMPLETE', packageId, sessionUser, createdDate: new Date().toISOString() }),
  });
  if (answer.status !== 200) throw new Error(`the receiver answered ${answer.status}: ${await answer.text()}`);
  const event = salesforce
    .events()
    .find((stored) => stored.Package_Id__c === packageId && stored.Event_Name__c === 'PACKAGE_COMPLETE');
  if (!event) throw new Error(`no PACKAGE_COMPLETE event stored for ${packageId}`);
  return event.Id as string;
}
