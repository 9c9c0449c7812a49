/**
 * How the bench starts what it times: a cold child process in the project folder, its stdout kept for
 * the JSON result and its stderr dropped, so progress lines cost the same in every run.
 */
import { spawn } from 'node:child_process';
import { PROJECT_ROOT } from '../lib/deploy/source-layout';

export interface Exit {
  exitCode: number;
  stdout: string;
}

/** Runs a process to its end; the caller times it. */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout }));
  });
}

/**
 * `npm run --silent <script> -- <args>` as a person starts it. Under `npm run bench` the same npm runs it
 * (npm_execpath), so the figure does not depend on which npm is first on PATH.
 */
export function runNpmScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  const npmArgs = ['run', '--silent', script, '--', ...args];
  const npm = process.env.npm_execpath;
  return npm ? runProcess(process.execPath, [npm, ...npmArgs], env) : runProcess('npm', npmArgs, env);
}
