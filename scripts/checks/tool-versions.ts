import * as fs from 'node:fs';
import * as path from 'node:path';

/** The checkout whose node_modules hold the tools; `--root` may point elsewhere (a temp copy without them). */
export const TOOLS_ROOT = path.resolve(__dirname, '..', '..');

export function packageVersion(packageName: string): string {
  const manifest = path.join(TOOLS_ROOT, 'node_modules', packageName, 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export const toolLabel = (packageName: string): string => `${packageName} ${packageVersion(packageName)}`;
