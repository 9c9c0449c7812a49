/**
 * Local emulators of the two services this project talks to: a Salesforce org (OAuth Client
 * Credentials, REST query, Connect credentials, Apex REST /OSS/callback) and a OneSpan Sign account
 * (callback connectors, packages, event delivery). They follow the documented wire formats and are
 * checked with real clients (jsforce, the sf CLI); they depend on nothing in scripts/lib, because
 * they are the other side of the wire. Every listener binds 127.0.0.1 only.
 */
import { startOneSpanEmulator } from './onespan/server';
import { startSalesforceEmulator } from './salesforce/emulator';
import type { EmulatorOptions, Emulators } from './types';

export * from './types';
export { startOneSpanEmulator, startSalesforceEmulator };

export async function startEmulators(options: EmulatorOptions = {}): Promise<Emulators> {
  const salesforce = await startSalesforceEmulator(options.salesforce);
  try {
    const onespan = await startOneSpanEmulator(options.onespan);
    // The org was deployed for this OneSpan account (npm run deploy --onespan-url), unless told otherwise.
    if (options.salesforce?.oneSpanApiUrl === undefined) salesforce.setNamedCredentialUrl(onespan.apiUrl);
    return {
      salesforce,
      onespan,
      close: async () => {
        await Promise.all([salesforce.close(), onespan.close()]);
      },
    };
  } catch (error) {
    await salesforce.close();
    throw error;
  }
}
