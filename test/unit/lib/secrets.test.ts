import { SecretRegistry, describeSecret } from '../../../scripts/lib/secrets';

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
