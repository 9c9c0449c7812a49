import * as path from 'node:path';

/**
 * V8's compile cache for the sf CLI of this checkout, in its node_modules (Node 22.1+ reads NODE_COMPILE_CACHE; older
 * Nodes ignore it): each sf run then skips compiling the CLI's modules again, which is a good part of its start-up.
 * It holds compiled code only. A NODE_COMPILE_CACHE the user set wins.
 */
export function sfCompileCacheEnv(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    NODE_COMPILE_CACHE: env.NODE_COMPILE_CACHE ?? path.join(projectRoot, 'node_modules', '.cache', 'sf-cli-v8'),
  };
}
