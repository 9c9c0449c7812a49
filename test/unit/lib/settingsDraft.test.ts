import { OssError } from '../../../scripts/lib/errors';
import { SecretValue } from '../../../scripts/lib/secretValue';
import { secrets } from '../../../scripts/lib/secrets';
import {
  AppCredentialsReader,
  completeSettings,
  DEFAULT_APP_NAME,
  DEFAULT_TIMEOUT_MS,
  resolveSettings,
  resolveSettingsDraft,
} from '../../../scripts/lib/settings';

const oneSpan = { ONESPAN_API_URL: 'https://sandbox.esignlive.com/api', ONESPAN_API_KEY: 'YXBpOmtleS12YWx1ZQ==' };
const ORG_SECRET = 'secret-read-from-the-org';

function reader(clientId = '3MVG9-from-org'): AppCredentialsReader & jest.Mock {
  return jest.fn(() => Promise.resolve({ clientId, clientSecret: new SecretValue(ORG_SECRET) }));
}

afterEach(() => secrets.clear());

describe('credentials from --target-org', () => {
  it('lets the key and secret be missing with --target-org, and reads them from the app', async () => {
    const draft = resolveSettingsDraft({ flags: { targetOrg: 'scratch' }, env: oneSpan });
    expect(draft.clientId).toBeUndefined();
    expect(draft.clientSecret).toBeUndefined();
    expect(draft.appName).toBe(DEFAULT_APP_NAME);
    const read = reader();
    const settings = await completeSettings(draft, read);
    // With the run's timeout: reading the app's credentials is bounded like every other call.
    expect(read).toHaveBeenCalledWith('scratch', DEFAULT_APP_NAME, DEFAULT_TIMEOUT_MS);
    expect(settings.clientId).toBe('3MVG9-from-org');
    expect(settings.clientSecret.reveal()).toBe(ORG_SECRET);
  });

  it('uses --app-name', async () => {
    const read = reader();
    await completeSettings(
      resolveSettingsDraft({ flags: { targetOrg: 'o', appName: 'My_App', timeout: '4000' }, env: oneSpan }),
      read,
    );
    expect(read).toHaveBeenCalledWith('o', 'My_App', 4000);
  });

  it('refuses an --app-name that is no API name', () => {
    expect(() => resolveSettingsDraft({ flags: { targetOrg: 'o', appName: 'My App' }, env: oneSpan })).toThrow(
      /--app-name: "My App" is not an External Client App API name/,
    );
  });

  it('never reads from the org when the environment has the secret', async () => {
    const read = reader();
    const draft = resolveSettingsDraft({
      flags: { targetOrg: 'o' },
      env: { ...oneSpan, SF_CLIENT_ID: 'env-id', SF_CLIENT_SECRET: 'env-secret-value' },
    });
    const settings = await completeSettings(draft, read);
    expect(read).not.toHaveBeenCalled();
    expect(settings.clientSecret.reveal()).toBe('env-secret-value');
  });

  it('refuses a SF_CLIENT_ID that is not the app key', async () => {
    const draft = resolveSettingsDraft({ flags: { targetOrg: 'o' }, env: { ...oneSpan, SF_CLIENT_ID: 'other-id' } });
    const error = await completeSettings(draft, reader()).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OssError);
    expect((error as OssError).code).toBe('ClientIdMismatchError');
  });

  it('still requires both without --target-org, and resolveSettings still requires them with it', () => {
    expect(() => resolveSettingsDraft({ flags: { instanceUrl: 'https://a.my.salesforce.com' }, env: oneSpan })).toThrow(
      /SF_CLIENT_ID[\s\S]*SF_CLIENT_SECRET/,
    );
    expect(() => resolveSettings({ flags: { targetOrg: 'o' }, env: oneSpan })).toThrow(/SF_CLIENT_SECRET/);
  });
});
