import { OssError } from '../../../../scripts/lib/errors';
import { readAppCredentials, RestGet } from '../../../../scripts/lib/salesforce/appCredentials';
import { secrets } from '../../../../scripts/lib/secrets';

const BASE = '/services/data/v62.0/apps/oauth';
const SECRET = 'A1B2C3D4E5F6A7B8C9D0';

/** A fake org: each path answers a value, or throws the error a REST refusal would. */
function fakeOrg(answers: Record<string, unknown>): { get: RestGet; paths: string[] } {
  const paths: string[] = [];
  const get = <T>(path: string): Promise<T> => {
    paths.push(path);
    if (!(path in answers)) {
      return Promise.reject(
        Object.assign(new Error('The requested resource does not exist'), { errorCode: 'NOT_FOUND' }),
      );
    }
    const answer = answers[path];
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as T);
  };
  return { get, paths };
}

const usage = { apps: [{ identifier: '0xI1', developerName: 'OneSpan_Sign_Callback' }], nextPageUrl: null };
const consumers = { consumers: [{ id: '0xC1' }] };
const fullOrg = {
  [`${BASE}/usage`]: usage,
  [`${BASE}/credentials/0xI1`]: consumers,
  [`${BASE}/credentials/0xI1/0xC1?part=keyandsecret`]: { id: '0xC1', key: '3MVG9key', secret: SECRET },
};

async function failure(answers: Record<string, unknown>, appName = 'OneSpan_Sign_Callback'): Promise<OssError> {
  const error = await readAppCredentials(fakeOrg(answers).get, appName, 'emu').catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(OssError);
  return error as OssError;
}

afterEach(() => secrets.clear());

describe('readAppCredentials', () => {
  it('finds the app, its consumer, then reads key and secret, masking the secret at once', async () => {
    const org = fakeOrg(fullOrg);
    const credentials = await readAppCredentials(org.get, 'OneSpan_Sign_Callback', 'emu');
    expect(credentials.clientId).toBe('3MVG9key');
    expect(credentials.clientSecret.reveal()).toBe(SECRET);
    expect(String(credentials.clientSecret)).not.toContain(SECRET);
    expect(secrets.mask(`x ${SECRET} y`)).toBe('x **** y');
    expect(org.paths).toEqual([
      `${BASE}/usage`,
      `${BASE}/credentials/0xI1`,
      `${BASE}/credentials/0xI1/0xC1?part=keyandsecret`,
    ]);
  });

  it('follows nextPageUrl of the usage list', async () => {
    const credentials = await readAppCredentials(
      fakeOrg({
        ...fullOrg,
        [`${BASE}/usage`]: {
          apps: [{ identifier: '0xI9', developerName: 'Other' }],
          nextPageUrl: `${BASE}/usage?page=1`,
        },
        [`${BASE}/usage?page=1`]: usage,
      }).get,
      'OneSpan_Sign_Callback',
      'emu',
    );
    expect(credentials.clientId).toBe('3MVG9key');
  });

  it('names the apps it found when the app is not there', async () => {
    const error = await failure(fullOrg, 'Another_App');
    expect(error.code).toBe('AppNotFoundError');
    expect(error.message).toBe(
      'The org emu has no External Client App named Another_App (found: OneSpan_Sign_Callback).',
    );
    expect(error.actions.join(' ')).toContain('--app-name');
  });

  it('says the org setting is off when key and secret are left out', async () => {
    const error = await failure({
      ...fullOrg,
      [`${BASE}/credentials/0xI1/0xC1?part=keyandsecret`]: { id: '0xC1' },
    });
    expect(error.code).toBe('ConsumerSecretRestAccessOffError');
    expect(error.message).toContain('"Allow access to External Client App consumer secrets via REST API" is off');
    expect(error.actions[0]).toContain('ExternalClientAppSettings.enableClientSecretInRestApiAccess');
  });

  it.each([
    ['usage list', `${BASE}/usage`, 'FUNCTIONALITY_NOT_ENABLED', 'This feature is not currently enabled for this org.'],
    ['consumer list', `${BASE}/credentials/0xI1`, 'FORBIDDEN', 'The feature is not enabled.'],
    [
      'key and secret',
      `${BASE}/credentials/0xI1/0xC1?part=keyandsecret`,
      'NOT_FOUND',
      'Consumer secret access via REST API is not enabled for this user.',
    ],
  ])('maps a "not enabled" refusal of the %s to the org setting and permissions', async (_what, path, code, text) => {
    const error = await failure({ ...fullOrg, [path]: Object.assign(new Error(text), { errorCode: code }) });
    expect(error.code).toBe('ConsumerSecretRestAccessOffError');
    expect(error.message).toContain(`(${code}: ${text})`);
    expect(error.actions[0]).toContain('Allow access to External Client App consumer secrets via REST API');
    expect(error.actions[1]).toContain('"View Client Secret"');
  });

  it('keeps other refusals as they were (a permission error is not the org setting)', async () => {
    const error = await failure({
      ...fullOrg,
      [`${BASE}/credentials/0xI1`]: Object.assign(new Error('insufficient access'), { errorCode: 'FORBIDDEN' }),
    });
    expect(error.code).toBe('ViewClientSecretPermissionError');
  });

  it('names the permissions when the user may not read the credentials', async () => {
    const error = await failure({
      ...fullOrg,
      [`${BASE}/credentials/0xI1`]: Object.assign(new Error('no access'), { errorCode: 'FORBIDDEN' }),
    });
    expect(error.code).toBe('ViewClientSecretPermissionError');
    expect(error.actions[0]).toContain('"View Client Secret"');
    expect(error.actions[0]).toContain('"External Client App Developer"');
  });

  it('explains an org without the endpoint (API before 60.0)', async () => {
    const error = await failure({});
    expect(error.code).toBe('AppCredentialsUnavailableError');
  });

  it('refuses an app without an OAuth consumer', async () => {
    const error = await failure({ ...fullOrg, [`${BASE}/credentials/0xI1`]: { consumers: [] } });
    expect(error.code).toBe('AppHasNoConsumerError');
  });

  it('passes other failures on unchanged', async () => {
    const boom = new OssError({ code: 'SalesforceUnavailableError', message: 'down' });
    const error = await failure({ ...fullOrg, [`${BASE}/credentials/0xI1`]: boom });
    expect(error).toBe(boom);
  });
});

describe('readAppCredentials when the usage list omits the app (a never-used app)', () => {
  const withoutApp = { ...fullOrg, [`${BASE}/usage`]: { apps: [], nextPageUrl: null } };

  it('finds the app by a SOQL query on ExternalClientApplication by DeveloperName, then reads as usual', async () => {
    const org = fakeOrg(withoutApp);
    const queries: string[] = [];
    const query = <T>(soql: string): Promise<T[]> => {
      queries.push(soql);
      return Promise.resolve([{ Id: '0xI1', DeveloperName: 'OneSpan_Sign_Callback' }] as T[]);
    };
    const credentials = await readAppCredentials(org.get, 'OneSpan_Sign_Callback', 'emu', query);
    expect(credentials.clientId).toBe('3MVG9key');
    expect(queries).toEqual([
      "SELECT Id, DeveloperName FROM ExternalClientApplication WHERE DeveloperName = 'OneSpan_Sign_Callback'",
    ]);
    expect(org.paths).toEqual([
      `${BASE}/usage`,
      `${BASE}/credentials/0xI1`,
      `${BASE}/credentials/0xI1/0xC1?part=keyandsecret`,
    ]);
  });

  it('does not query when the usage list has the app', async () => {
    const query = jest.fn();
    await readAppCredentials(fakeOrg(fullOrg).get, 'OneSpan_Sign_Callback', 'emu', query);
    expect(query).not.toHaveBeenCalled();
  });

  it.each([
    ['the query finds no app', () => Promise.resolve([])],
    [
      'the object cannot be queried',
      () =>
        Promise.reject(
          Object.assign(new Error("sObject type 'ExternalClientApplication' is not supported"), {
            errorCode: 'INVALID_TYPE',
          }),
        ),
    ],
  ])('still says the app is missing when %s', async (_label, answer) => {
    const error = await readAppCredentials(
      fakeOrg(withoutApp).get,
      'OneSpan_Sign_Callback',
      'emu',
      answer as never,
    ).catch((thrown: unknown) => thrown as OssError);
    expect(error).toBeInstanceOf(OssError);
    expect((error as OssError).code).toBe('AppNotFoundError');
  });
});
