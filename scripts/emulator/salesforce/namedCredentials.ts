/**
 * Connect REST "Named Credentials" resources (documents.md C3; Connect REST API Developer Guide):
 *   GET|POST|PUT|PATCH|DELETE /named-credentials/credential        (56.0+) a principal's credential values;
 *        GET and DELETE take ?externalCredential=&principalName=&principalType=
 *   GET /named-credentials/named-credential-setup/{developerName}  (58.0+) {developerName, calloutUrl, externalCredentials[]}
 *   GET /named-credentials/external-credentials/{developerName}    (58.0+) {principals[{principalName,
 *        authenticationStatus, principalAccess[{developerName, type}]}]}
 * PUT replaces the whole map, PATCH only the keys given (Custom protocol only). Encrypted values are
 * never returned (value null). Our choices, unconfirmed on the real service: a principal without values
 * reads back as 200 with empty `credentials` and status NotConfigured; POST for a principal that already
 * has values is 400 "already exists"; users other than a System Administrator get 403
 * INSUFFICIENT_ACCESS (Setup needs "Manage Named Credentials" or "Customize Application").
 */
import { json, type IncomingRequest, type OutgoingResponse } from '../http';
import type { CredentialValue, ExternalCredentialState, OrgStore, UserRecord } from './store';

const FIRST_VERSION = 56;
const SETUP_VERSION = 58;

export function namedCredentialsResource(
  store: OrgStore,
  user: UserRecord,
  version: string,
  rest: string,
  request: IncomingRequest,
): OutgoingResponse | undefined {
  if (!rest.startsWith('named-credentials/')) return undefined;
  if (Number(version) < FIRST_VERSION) return notFound();
  if (store.profileOf(user).Name !== 'System Administrator') {
    return json(403, [
      {
        errorCode: 'INSUFFICIENT_ACCESS',
        message: 'You need the Manage Named Credentials or Customize Application permission.',
      },
    ]);
  }
  if (rest === 'named-credentials/credential') return credential(store, request);
  const setup = /^named-credentials\/(named-credential-setup|external-credentials)\/([^/]+)$/.exec(rest);
  if (!setup || Number(version) < SETUP_VERSION) return notFound();
  if (request.method !== 'GET') return methodNotAllowed(request.method);
  const name = decodeURIComponent(setup[2]);
  if (setup[1] === 'named-credential-setup') {
    const named = store.namedCredentials.get(name);
    if (!named) return notFound();
    const external = store.externalCredentials.get(named.externalCredential);
    return json(200, {
      developerName: named.developerName,
      masterLabel: named.developerName.replace(/_/g, ' '),
      calloutUrl: named.calloutUrl,
      type: 'SecuredEndpoint',
      calloutStatus: 'Enabled',
      externalCredentials: external
        ? [{ developerName: external.developerName, authenticationProtocol: external.authenticationProtocol }]
        : [],
      parameters: [],
    });
  }
  const external = store.externalCredentials.get(name);
  if (!external) return notFound();
  return json(200, {
    developerName: external.developerName,
    masterLabel: external.developerName.replace(/_/g, ' '),
    authenticationProtocol: external.authenticationProtocol,
    ...(external.authenticationProtocolVariant
      ? { authenticationProtocolVariant: external.authenticationProtocolVariant }
      : {}),
    principals: external.principals.map((principal) => ({
      principalName: principal.principalName,
      principalType: principal.principalType,
      sequenceNumber: principal.sequenceNumber,
      authenticationStatus: configured(principal.credentials) ? 'Configured' : 'NotConfigured',
      principalAccess: principal.permissionSets.map((permissionSet) => ({
        developerName: permissionSet,
        id: store.permissionSetId(permissionSet),
        type: 'PermissionSet',
      })),
    })),
    namedCredentials: [...store.namedCredentials.values()]
      .filter((named) => named.externalCredential === external.developerName)
      .map((named) => ({ developerName: named.developerName, calloutUrl: named.calloutUrl })),
  });
}

function credential(store: OrgStore, request: IncomingRequest): OutgoingResponse {
  const { method } = request;
  if (method === 'GET' || method === 'DELETE') {
    const params = request.url.searchParams;
    const found = principalOf(
      store,
      params.get('externalCredential'),
      params.get('principalName'),
      params.get('principalType'),
    );
    if ('status' in found) return found;
    if (method === 'DELETE') {
      found.principal.credentials = {};
      return { status: 204 };
    }
    return json(200, credentialAnswer(found.external, found.principal));
  }
  if (!['POST', 'PUT', 'PATCH'].includes(method)) return methodNotAllowed(method);
  let input: {
    externalCredential?: unknown;
    authenticationProtocol?: unknown;
    principalName?: unknown;
    principalType?: unknown;
    credentials?: unknown;
  };
  try {
    input = JSON.parse(request.body) as typeof input;
  } catch {
    return json(400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'The request body is not valid JSON.' }]);
  }
  const found = principalOf(
    store,
    asString(input.externalCredential),
    asString(input.principalName),
    asString(input.principalType),
  );
  if ('status' in found) return found;
  const { external, principal } = found;
  if (String(input.authenticationProtocol).toLowerCase() !== external.authenticationProtocol.toLowerCase()) {
    return invalidInput(
      `The authentication protocol ${String(input.authenticationProtocol)} does not match the external credential's protocol ${external.authenticationProtocol}.`,
    );
  }
  const values = parseCredentials(input.credentials);
  if (!values) return invalidInput('credentials must map each parameter name to {value, encrypted}.');
  if (method === 'POST') {
    if (configured(principal.credentials)) {
      return invalidInput('A credential already exists for this principal. Use PUT or PATCH to change it.');
    }
    principal.credentials = values;
    return json(201, credentialAnswer(external, principal));
  }
  if (method === 'PATCH') {
    if (external.authenticationProtocol !== 'Custom') {
      return invalidInput('PATCH is supported for the Custom authentication protocol only.');
    }
    principal.credentials = { ...principal.credentials, ...values };
  } else {
    principal.credentials = values;
  }
  return json(200, credentialAnswer(external, principal));
}

function principalOf(
  store: OrgStore,
  externalCredential: string | null | undefined,
  principalName: string | null | undefined,
  principalType: string | null | undefined,
): { external: ExternalCredentialState; principal: ExternalCredentialState['principals'][number] } | OutgoingResponse {
  if (!externalCredential || !principalName || !principalType) {
    return invalidInput('externalCredential, principalName and principalType are required.');
  }
  const external = store.externalCredentials.get(externalCredential);
  if (!external) return notFound();
  const principal = external.principals.find(
    (p) => p.principalName === principalName && p.principalType === principalType,
  );
  if (!principal) {
    return invalidInput(`The external credential ${externalCredential} has no ${principalType} ${principalName}.`);
  }
  return { external, principal };
}

function credentialAnswer(
  external: ExternalCredentialState,
  principal: ExternalCredentialState['principals'][number],
): Record<string, unknown> {
  return {
    externalCredential: external.developerName,
    authenticationProtocol: external.authenticationProtocol,
    principalName: principal.principalName,
    principalType: principal.principalType,
    authenticationStatus: configured(principal.credentials) ? 'Configured' : 'NotConfigured',
    credentials: Object.fromEntries(
      Object.entries(principal.credentials).map(([name, value]) => [
        name,
        { encrypted: value.encrypted, value: value.encrypted ? null : value.value },
      ]),
    ),
  };
}

function configured(credentials: Record<string, CredentialValue>): boolean {
  return Object.values(credentials).some((value) => value.value !== '');
}

function parseCredentials(value: unknown): Record<string, CredentialValue> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, CredentialValue> = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    const candidate = entry as { value?: unknown; encrypted?: unknown } | null;
    if (typeof candidate?.value !== 'string') return undefined;
    out[name] = { value: candidate.value, encrypted: candidate.encrypted === true };
  }
  return out;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function invalidInput(message: string): OutgoingResponse {
  return json(400, [{ errorCode: 'INVALID_INPUT', message }]);
}

function notFound(): OutgoingResponse {
  return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
}

function methodNotAllowed(method: string): OutgoingResponse {
  return json(405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed.` }]);
}
