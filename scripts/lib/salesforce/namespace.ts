/**
 * The NamespacePrefix of OssCallbackResource (Step 2 of the guide), which decides the callback URL.
 * Queried with the sf CLI org when one is given (an admin can always read ApexClass), else with the
 * client-credentials token of the Run As user (who may not be allowed to).
 */
import { OssError } from '../errors';
import { createError } from '../messages';
import { salesforceMessages } from '../messages/salesforce';
import { SecretValue } from '../secretValue';
import { RenewableToken, restApiError, restFailure, SalesforceApi, salesforceErrorCode } from './connection';

export const CALLBACK_CLASS_NAME = 'OssCallbackResource';
export const NAMESPACE_QUERY = `SELECT Id, Name, NamespacePrefix FROM ApexClass WHERE Name = '${CALLBACK_CLASS_NAME}'`;

export interface ApexClassRow {
  Id: string;
  Name: string;
  NamespacePrefix: string | null;
}

/** Runs SOQL and returns the records; how (token or sf CLI org) is the caller's choice. */
export type SoqlQuery = <T>(soql: string) => Promise<T[]>;

/**
 * Queries through the REST API with a client-credentials token (jsforce's query: the first batch of
 * up to 2,000 rows, which is more than any query here can return). `what` names it in errors.
 */
export function tokenQuery(
  salesforce: SalesforceApi,
  instanceUrl: string,
  accessToken: SecretValue | RenewableToken,
  what = 'the ApexClass query',
): SoqlQuery {
  return async <T>(soql: string): Promise<T[]> => {
    const transport = salesforce.transport({ what, expectJson: true });
    const connection = await salesforce.connection(instanceUrl, accessToken, transport);
    try {
      const page = await connection.query<T & Record<string, unknown>>(soql);
      return (page.records ?? []) as T[];
    } catch (error) {
      throw restApiError(error, transport);
    }
  };
}

/** Error codes that mean "this user may not read ApexClass", not "the query is wrong". */
const ACCESS_ERROR_CODES = new Set([
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_TYPE',
  'FORBIDDEN',
  'API_CURRENTLY_DISABLED',
  'INVALID_SESSION_ID',
]);

/** The one class's prefix ('' for none); no row or several rows are errors with their fix. */
export function namespaceFromRows(rows: readonly ApexClassRow[]): string {
  if (rows.length === 0) {
    throw createError(salesforceMessages.classNotInOrg);
  }
  if (rows.length > 1) {
    const listed = rows
      .map((row) => `${row.Id} (NamespacePrefix ${row.NamespacePrefix ? row.NamespacePrefix : 'none'})`)
      .join(', ');
    throw createError(salesforceMessages.ambiguousNamespace, [rows.length, listed], {
      data: { classes: rows.map(({ Id, NamespacePrefix }) => ({ Id, NamespacePrefix })) },
    });
  }
  return rows[0].NamespacePrefix ?? '';
}

/** Errors of either query path, as {errorCode, status, message}: our error's data, or jsforce's error. */
function queryFailure(error: unknown): { errorCode: string; status?: number; message: string } {
  const data = error instanceof OssError ? (error.data as { status?: number } | undefined) : undefined;
  return {
    errorCode: salesforceErrorCode(error) ?? restFailure(error).errorCode,
    status: data?.status ?? (error as { statusCode?: number }).statusCode,
    message: error instanceof Error ? error.message : String(error),
  };
}

/** `via` names the identity in messages: "the client-credentials token" or "the sf CLI org x". */
export async function findNamespacePrefix(query: SoqlQuery, via: string): Promise<string> {
  let rows: ApexClassRow[];
  try {
    rows = await query<ApexClassRow>(NAMESPACE_QUERY);
  } catch (error) {
    const failure = queryFailure(error);
    if (ACCESS_ERROR_CODES.has(failure.errorCode) || failure.status === 401 || failure.status === 403) {
      throw createError(salesforceMessages.namespaceAccess, [via, failure.errorCode, failure.message], {
        cause: error,
      });
    }
    throw error instanceof OssError ? error : OssError.wrap(error);
  }
  return namespaceFromRows(rows);
}
