import { join } from 'node:path';
import { sfCompileCacheEnv } from '../../../scripts/lib/sfCompileCache';

describe('sfCompileCacheEnv', () => {
  it("keeps the sf CLI's compiled code in the checkout's node_modules", () => {
    expect(sfCompileCacheEnv('/work/project', {})).toEqual({
      NODE_COMPILE_CACHE: join('/work/project', 'node_modules', '.cache', 'sf-cli-v8'),
    });
  });

  it('leaves a NODE_COMPILE_CACHE the user set as it is', () => {
    expect(sfCompileCacheEnv('/work/project', { NODE_COMPILE_CACHE: '/home/me/.v8' })).toEqual({
      NODE_COMPILE_CACHE: '/home/me/.v8',
    });
  });
});
