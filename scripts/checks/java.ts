import { runProcess } from './child-process';
import type { Finding } from './finding';

export const INSTALL_JAVA_HINT =
  'Java 17 is required for the Apex semantic check and PMD: install it (Debian: `apt-get install openjdk-17-jre-headless`) and put `java` on PATH';

/** A finding when `java` cannot be run, so that a Java check fails with the fix instead of a stack trace. */
export async function findMissingJava(): Promise<Finding | undefined> {
  const result = await runProcess('java', ['-version'], { timeoutMs: 30_000 });
  if (result.exitCode === 0) return undefined;
  const reason = result.spawnError ? result.spawnError.code : `java -version exited with ${result.exitCode}`;
  return { file: 'java', message: `${INSTALL_JAVA_HINT} (${reason})`, rule: 'java' };
}
