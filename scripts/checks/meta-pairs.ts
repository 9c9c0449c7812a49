import * as fs from 'node:fs';
import type { Finding } from './finding';
import { isApexSource, listSourceFiles, relativeToRoot } from './project-files';

const META_SUFFIX = '-meta.xml';
const APEX_META_SUFFIXES = ['.cls-meta.xml', '.trigger-meta.xml'];

/**
 * Apex code and its -meta.xml travel together: `sf project convert source` silently drops a `.cls` without its
 * meta file (no warning, rc 0), and a lone `.cls-meta.xml` deploys a class with no body.
 */
export function checkMetaPairs(root: string): Finding[] {
  const files = listSourceFiles(root);
  const missingMeta = files
    .filter(isApexSource)
    .filter((file) => !fs.existsSync(file + META_SUFFIX))
    .map((file) => ({
      file: relativeToRoot(root, file),
      message: `has no ${relativeToRoot(root, file + META_SUFFIX)}; the sf CLI would silently leave it out of the deployment`,
      rule: 'missing-meta-xml',
    }));
  const missingSource = files
    .filter((file) => APEX_META_SUFFIXES.some((suffix) => file.endsWith(suffix)))
    .map((metaFile) => metaFile.slice(0, -META_SUFFIX.length))
    .filter((sourceFile) => !fs.existsSync(sourceFile))
    .map((sourceFile) => ({
      file: relativeToRoot(root, sourceFile + META_SUFFIX),
      message: `has no ${relativeToRoot(root, sourceFile)} beside it`,
      rule: 'missing-apex-source',
    }));
  return [...missingMeta, ...missingSource];
}
