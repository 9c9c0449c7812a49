import * as fs from 'node:fs';
import type * as Prettier from 'prettier';
import type { Finding } from './finding';
import { isApexSource, listSourceFiles, relativeToRoot } from './project-files';
import { TOOLS_ROOT } from './tool-versions';

const FIX = 'run `npm run format` (prettier --write with prettier-plugin-apex)';

const APEX_PLUGIN = 'prettier-plugin-apex';

/**
 * Plugins named in .prettierrc are resolved from the current directory; a temp copy of the project has no
 * node_modules, so they are resolved from the checkout that holds the tools. The Apex plugin is always loaded:
 * without it prettier cannot read a .cls at all.
 */
function resolvePlugins(plugins: Prettier.Options['plugins']): Prettier.Options['plugins'] {
  const named = new Set([APEX_PLUGIN, ...(plugins ?? []).filter((plugin) => typeof plugin === 'string')]);
  const loaded = (plugins ?? []).filter((plugin) => typeof plugin !== 'string');
  return [...[...named].map((plugin) => require.resolve(plugin, { paths: [TOOLS_ROOT] })), ...loaded];
}

/** 1-based number of the first line where the two texts differ. */
export function firstDifferentLine(actual: string, expected: string): number {
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const index = actualLines.findIndex((line, lineIndex) => line !== expectedLines[lineIndex]);
  return index === -1 ? actualLines.length + 1 : index + 1;
}

async function checkFile(prettier: typeof Prettier, root: string, file: string): Promise<Finding | undefined> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  const source = fs.readFileSync(file, 'utf8');
  try {
    const formatted = await prettier.format(source, {
      ...config,
      plugins: resolvePlugins(config.plugins),
      filepath: file,
    });
    if (formatted === source) return undefined;
    return {
      file: relativeToRoot(root, file),
      line: firstDifferentLine(source, formatted),
      message: `is not formatted (first difference on this line); ${FIX}`,
      rule: 'prettier',
    };
  } catch (error) {
    // prettier-plugin-apex's parser rejects what apex-syntax reports with a precise position; say so once here.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { file: relativeToRoot(root, file), message: `cannot be formatted: ${reason}`, rule: 'prettier' };
  }
}

/** Apex must match the repo's .prettierrc (tabWidth 4, printWidth 120) so that diffs show only real changes. */
export async function checkApexFormat(root: string): Promise<Finding[]> {
  // Loaded on use: prettier's CommonJS entry imports ESM dynamically, which crashes a Jest worker that merely
  // imports this module (Jest runs without --experimental-vm-modules).
  const prettier = await import('prettier');
  const findings = await Promise.all(
    listSourceFiles(root)
      .filter(isApexSource)
      .map((file) => checkFile(prettier, root, file)),
  );
  return findings.filter((finding): finding is Finding => finding !== undefined);
}
