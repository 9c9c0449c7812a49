import * as fs from 'node:fs';
import * as path from 'node:path';
// The deep import loads only the .forceignore parser (0.3 s) instead of the whole library (1.1 s).
import { ForceIgnore } from '@salesforce/source-deploy-retrieve/lib/src/resolve/forceIgnore';

type SfdxProject = { packageDirectories?: Array<{ path?: string }> };

/** Absolute paths of the package directories declared in sfdx-project.json. */
export function readPackageDirectories(root: string): string[] {
  const projectFile = path.join(root, 'sfdx-project.json');
  const project = JSON.parse(fs.readFileSync(projectFile, 'utf8')) as SfdxProject;
  const directories = (project.packageDirectories ?? [])
    .map((directory) => directory.path)
    .filter((directoryPath): directoryPath is string => typeof directoryPath === 'string');
  if (directories.length === 0) {
    throw new Error(`${projectFile} declares no packageDirectories`);
  }
  return directories.map((directoryPath) => path.resolve(root, directoryPath));
}

function walk(directory: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const entryPath = path.join(directory, entry.name);
    if (entry.isDirectory()) return walk(entryPath);
    return entry.isFile() ? [entryPath] : [];
  });
}

/**
 * Every file of the package directories that the sf CLI would see: `.forceignore` is applied with the CLI's own
 * parser so that a check never expects a component the CLI was told to skip. Sorted for stable output.
 */
export function listSourceFiles(root: string): string[] {
  const forceIgnore = ForceIgnore.findAndCreate(root);
  return readPackageDirectories(root)
    .flatMap(walk)
    .filter((file) => forceIgnore.accepts(file))
    .sort();
}

export const isApexSource = (file: string): boolean => file.endsWith('.cls') || file.endsWith('.trigger');

/** Path as shown in findings: relative to the project root, with forward slashes. */
export function relativeToRoot(root: string, file: string): string {
  const relative = path.relative(root, file);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
  return shown.split(path.sep).join('/');
}
