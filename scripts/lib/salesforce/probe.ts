/**
 * The probe: GET the callback URL with the client-credentials token, as the Run As user OneSpan will
 * act as. It proves the class is deployed under this URL and that the Run As user may run it, before
 * anything is registered. The receiver answers GET with its health body (OssCallbackContract.json).
 */
import { OssError } from '../errors';
import { createError, formatMessage } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { findTroubleshooting } from '../messages/troubleshooting';
import { isRetryableStatus, unavailableError } from '../http/request';
import { SecretValue } from '../secretValue';
import { parseRestErrors, restApiError, SalesforceClient } from './http';

export const HEALTH_BODY = { status: 'ok', service: 'OSS/callback' } as const;

export interface ProbeResult {
  url: string;
  status: number;
}

function isHealthBody(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return parsed.status === HEALTH_BODY.status && parsed.service === HEALTH_BODY.service;
  } catch {
    return false;
  }
}

/** Explains a probe answer: 200 + health body passes; everything else is an error with its fix. */
export function interpretProbe(url: string, status: number, body: string): ProbeResult {
  if (status === 200) {
    if (isHealthBody(body)) {
      return { url, status };
    }
    throw createError(salesforceMessages.probeNotReceiver, [url, body.trim().slice(0, 120) || 'empty body']);
  }
  const [first] = parseRestErrors(status, body);
  const row =
    findTroubleshooting('probe', first.errorCode, first.message) ??
    (status === 401 || status === 403 ? findTroubleshooting('probe', 'FORBIDDEN') : undefined);
  if (row) {
    return throwRow(
      row.code,
      `GET ${url} answered HTTP ${status} ${first.errorCode}: ${first.message}. Cause: %s`,
      row.cause,
      row.fix,
      {
        status,
        errorCode: first.errorCode,
        troubleshooting: row.id,
      },
    );
  }
  throw createError(salesforceMessages.probeUnexpected, [url, status, `${first.errorCode}: ${first.message}`], {
    data: { status, errorCode: first.errorCode },
  });
}

function throwRow(
  code: string,
  template: string,
  cause: string,
  fix: readonly string[],
  data: Record<string, unknown>,
): never {
  throw new OssError({
    code,
    message: formatMessage(template, [cause]),
    actions: [...fix],
    data: { service: 'Salesforce', ...data },
  });
}

export async function probeCallbackUrl(
  client: SalesforceClient,
  url: string,
  accessToken: SecretValue,
): Promise<ProbeResult> {
  const { request, response } = await client.get(url, accessToken, 'the callback URL probe');
  if (isRetryableStatus(response.status)) {
    // 503 is also what the receiver answers while the org is read-only for maintenance.
    const [first] = parseRestErrors(response.status, response.body);
    throw first.errorCode.startsWith('HTTP_')
      ? unavailableError('Salesforce', request, response)
      : restApiError(request, response);
  }
  return interpretProbe(url, response.status, response.body);
}
