import { SecretRegistry, addMaskCommand, describeSecret, githubActionsAnnouncer } from '../../../scripts/lib/secrets';

describe('SecretRegistry', () => {
  it('masks a registered value, its base64 and its URL-encoded form', () => {
    const registry = new SecretRegistry();
    registry.add('s3cr3t/value+x');
    const text = `plain s3cr3t/value+x b64 ${Buffer.from('s3cr3t/value+x').toString('base64')} url s3cr3t%2Fvalue%2Bx`;
    const masked = registry.mask(text);
    expect(masked).toBe('plain **** b64 **** url ****');
  });

  it('leaves text alone when nothing is registered and ignores values too short to mask safely', () => {
    const registry = new SecretRegistry();
    registry.add('abc');
    registry.add(undefined);
    expect(registry.mask('abc def')).toBe('abc def');
  });

  it('hides a secret that contains another registered secret completely', () => {
    const registry = new SecretRegistry();
    registry.add('inner-secret');
    registry.add('outer-inner-secret-tail');
    expect(registry.mask('x outer-inner-secret-tail y')).toBe('x **** y');
  });

  it('describes a secret by its length only', () => {
    expect(describeSecret('1234567890')).toBe('**** (10 characters)');
    expect(describeSecret(undefined)).toBe('(not set)');
  });
});

describe('masking in GitHub Actions', () => {
  it('tells the runner each form of a new secret once, as ::add-mask:: on stderr', () => {
    const written: string[] = [];
    const registry = new SecretRegistry(
      githubActionsAnnouncer({ GITHUB_ACTIONS: 'true' }, (text) => written.push(text)),
    );
    registry.add('s3cr3t/value+x');
    registry.add('s3cr3t/value+x');
    expect(written).toEqual([
      '::add-mask::s3cr3t/value+x\n',
      '::add-mask::s3cr3t%252Fvalue%252Bx\n',
      `::add-mask::${Buffer.from('s3cr3t/value+x').toString('base64')}\n`,
    ]);
  });

  it('says nothing outside GitHub Actions', () => {
    expect(githubActionsAnnouncer({})).toBeUndefined();
    expect(githubActionsAnnouncer({ GITHUB_ACTIONS: 'false' })).toBeUndefined();
  });

  it('escapes percent signs and line breaks as the actions toolkit does, so the runner masks the exact value', () => {
    expect(addMaskCommand('a%b\r\nc')).toBe('::add-mask::a%25b%0D%0Ac\n');
  });
});
