import { createError, formatMessage } from '../../../scripts/lib/messages';

describe('messages', () => {
  it('fills %s tokens in order and leaves unfilled ones visible', () => {
    expect(formatMessage('a %s b %s c %s', ['1', 2])).toBe('a 1 b 2 c %s');
  });

  it('creates an OssError from an entry with filled message and actions', () => {
    const error = createError({ code: 'XError', message: 'bad %s', actions: ['set %s'], exitCode: 4 }, ['host'], {
      actionArgs: ['SF_INSTANCE_URL'],
    });
    expect(error.code).toBe('XError');
    expect(error.name).toBe('XError');
    expect(error.message).toBe('bad host');
    expect(error.actions).toEqual(['set SF_INSTANCE_URL']);
    expect(error.exitCode).toBe(4);
  });
});
