/** The credential write with the project's error: what Salesforce refused, and the fix. */
import { createError } from '../messages';
import { archiveMessages } from '../messages/archive';
import { salesforceFault } from '../archive/org';
import { credentialTarget, CredentialWrite, OneSpanSecret, writeOneSpanCredential } from './oneSpanCredential';
import type { TargetOrgConnection } from './targetOrg';

export async function storeOneSpanCredential(
  org: TargetOrgConnection,
  secret: OneSpanSecret,
  targetOrg: string,
): Promise<CredentialWrite> {
  const target = credentialTarget(secret.mode);
  try {
    return await writeOneSpanCredential(org, secret);
  } catch (error) {
    const fault = salesforceFault(error);
    throw createError(
      archiveMessages.credentialRefused,
      [target.what, target.externalCredential, fault.errorCode, fault.message],
      {
        actionArgs: [targetOrg],
        data: { errorCode: fault.errorCode },
      },
    );
  }
}
