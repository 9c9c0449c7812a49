import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the project states its Node: what CI and the workflows run, what it supports, what it types against. */
export type NodeVersionSettings = {
  /** The text of .nvmrc: the one Node major the workflows install and .ci/run runs the whole suite on. */
  nvmrc: string;
  /** package.json engines.node: one `^MAJOR.MINOR.PATCH` range per supported major. */
  engines: string;
  /** The @types/node version in devDependencies. */
  typesNode: string;
};

/** The majors of an engines range written as `^22.13.0 || ^24.0.0`; undefined for any other spelling. */
export function supportedMajors(engines: string): number[] | undefined {
  const majors = engines.split('||').map((range) => /^\^(\d+)\.\d+\.\d+$/.exec(range.trim())?.[1]);
  return majors.every((major) => major !== undefined) ? majors.map(Number) : undefined;
}

/**
 * The three places must agree: CI proves .nvmrc's Node, so it has to be one that engines promises; and @types/node
 * follows the lowest supported major, so that the type checker refuses an API that Node does not have yet.
 */
export function findNodeVersionProblems(settings: NodeVersionSettings): string[] {
  const majors = supportedMajors(settings.engines);
  if (!majors) {
    return [
      `package.json engines.node "${settings.engines}": write one ^MAJOR.MINOR.PATCH range per supported Node major (e.g. "^22.13.0 || ^24.0.0")`,
    ];
  }
  const problems: string[] = [];
  const nvmrcMajor = /^v?(\d+)$/.exec(settings.nvmrc.trim())?.[1];
  if (!nvmrcMajor || !majors.includes(Number(nvmrcMajor))) {
    problems.push(
      `.nvmrc says "${settings.nvmrc.trim()}": write one Node major that engines.node supports (${majors.join(', ')})`,
    );
  }
  const lowest = Math.min(...majors);
  const typesMajor = Number(/^(\d+)\./.exec(settings.typesNode)?.[1]);
  if (typesMajor !== lowest) {
    problems.push(
      `@types/node ${settings.typesNode}: use the lowest supported Node major (${lowest}.x), so that tsc refuses APIs Node ${lowest} lacks`,
    );
  }
  return problems;
}

/** The settings of the project at `rootDir`. */
export function readNodeVersionSettings(rootDir: string): NodeVersionSettings {
  const packageJson = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
    devDependencies?: Record<string, string>;
  };
  return {
    nvmrc: fs.readFileSync(path.join(rootDir, '.nvmrc'), 'utf8'),
    engines: packageJson.engines?.node ?? '',
    typesNode: packageJson.devDependencies?.['@types/node'] ?? '',
  };
}
