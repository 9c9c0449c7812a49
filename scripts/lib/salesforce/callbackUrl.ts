/**
 * The callback URL OneSpan POSTs to (Step 2 of the guide): the Apex REST mapping /OSS/callback under
 * the org's My Domain, with the class's namespace prefix in front when it has one.
 */
export const CALLBACK_URL_MAPPING = 'OSS/callback';

export function buildCallbackUrl(instanceUrl: string, namespacePrefix: string): string {
  const origin = new URL(instanceUrl).origin;
  const namespacePath = namespacePrefix ? `${namespacePrefix}/` : '';
  return `${origin}/services/apexrest/${namespacePath}${CALLBACK_URL_MAPPING}`;
}
