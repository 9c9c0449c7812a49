import { OssError } from '../../../scripts/lib/errors';
import { explainOrgError } from '../../../scripts/lib/deploy/target-org';

function named(name: string, message = 'from @salesforce/core'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('explainOrgError', () => {
  it('says how to authorise an alias nobody logged in to', () => {
    const error = explainOrgError(named('NamedOrgNotFoundError'), 'uat') as OssError;
    expect(error.code).toBe('TargetOrgNotFoundError');
    expect(error.message).toContain('"uat"');
    expect(error.message).toContain('nothing was sent');
    expect(error.actions[0]).toContain('sf org login web --alias uat');
  });

  it('asks for --target-org when there is no default org', () => {
    expect((explainOrgError(named('NoUsernameFoundError'), undefined) as OssError).code).toBe('NoTargetOrgError');
  });

  it('keeps the reason for anything else, and passes its own errors through', () => {
    const unreadable = explainOrgError(named('JsonParseError', 'Unexpected token in uat.json'), 'uat') as OssError;
    expect(unreadable.code).toBe('TargetOrgUnreadableError');
    expect(unreadable.message).toContain('Unexpected token in uat.json');
    const own = new OssError({ code: 'X', message: 'y' });
    expect(explainOrgError(own, 'uat')).toBe(own);
  });
});
