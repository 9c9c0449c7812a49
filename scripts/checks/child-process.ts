import { spawn } from 'node:child_process';

export type ProcessResult = {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  spawnError?: NodeJS.ErrnoException;
};

export type ProcessOptions = { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number };

/**
 * Runs a command to completion and never rejects: a missing executable comes back as `spawnError` (ENOENT) so
 * that callers can turn it into a finding with a fix. The timeout kills a hung tool instead of hanging CI.
 */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (spawnError: NodeJS.ErrnoException) =>
      resolve({ exitCode: null, stdout: '', stderr: '', spawnError }),
    );
    child.on('close', (exitCode) =>
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}
