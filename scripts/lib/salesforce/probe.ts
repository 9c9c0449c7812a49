/**
 * The probe: GET the callback URL with the client-credentials token, as the Run As user OneSpan will
 * act as. It proves the class is deployed under this URL and that the Run As user may run it, before
 * anything is registered. The receiver answers GET with its health body (OssCallbackContract.json).
 */
import { OssError } from '../errors';
import { createError, formatMessage } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { findTroubleshooting } from '../messages/troubleshooting';
import { isRetryableStatus } from '../http/request';
import { SecretValue } from '../secretValue';
import { answerFailure, restApiError, RestFailure, restFailure, SalesforceApi } from './connection';

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

/**
 * Explains a probe answer: 200 + health body passes; everything else is an error with its fix.
 * `failure` is the Salesforce error of a non-2xx answer, as jsforce parsed it.
 */
export function interpretProbe(url: string, status: number, body: string, failure?: RestFailure): ProbeResult {
  if (status === 200) {
    if (isHealthBody(body)) {
      return { url, status };
    }
    throw createError(salesforceMessages.probeNotReceiver, [url, body.trim().slice(0, 120) || 'empty body']);
  }
  const first = failure ?? answerFailure(status, body);
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
  salesforce: SalesforceApi,
  url: string,
  accessToken: SecretValue,
): Promise<ProbeResult> {
  const transport = salesforce.transport({ what: 'the callback URL probe' });
  const connection = await salesforce.connection(new URL(url).origin, accessToken, transport);
  let failure: RestFailure | undefined;
  try {
    await connection.request({ method: 'GET', url });
  } catch (error) {
    if (!transport.last || error instanceof OssError) {
      throw OssError.wrap(error);
    }
    failure = restFailure(error, transport.last.response.body);
    // 503 is also what the receiver answers while the org is read-only for maintenance.
    if (isRetryableStatus(transport.last.response.status)) {
      throw restApiError(error, transport);
    }
  }
  const { response } = transport.last as NonNullable<typeof transport.last>;
  return interpretProbe(url, response.status, response.body, failure);
}
