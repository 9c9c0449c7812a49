import * as fs from 'node:fs';
import * as path from 'node:path';
import { runProcess } from './child-process';
import type { Finding } from './finding';

/** apex-ls 5.3.0 is compiled to class-file 65 (Java 21); PMD runs on it too, so one Java serves both checks. */
export const MIN_JAVA_MAJOR = 21;

/** Debian's (and Ubuntu's) standard JVM directory; JDKs installed from packages or tarballs land here. */
export const DEFAULT_JVM_DIR = '/usr/lib/jvm';

/** Overrides DEFAULT_JVM_DIR, for machines that keep their JDKs elsewhere. */
export const JVM_DIR_ENV = 'LINT_SF_JVM_DIR';

export const INSTALL_JAVA_HINT = `Java ${MIN_JAVA_MAJOR} or later is required for the Apex semantic check and PMD: install a JDK ${MIN_JAVA_MAJOR}+ (e.g. Temurin 21 from adoptium.net, or apt-get install openjdk-21-jdk-headless where your distribution offers it) and set JAVA_HOME to it`;

/**
 * Every JVM lint:sf starts is a short analysis run: the optimising JIT and the parallel collector cost more CPU than
 * they win back, and the two cores are shared with the other checks (PMD took 40% less CPU with these).
 */
export const SHORT_RUN_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * JDK_JAVA_OPTIONS with SHORT_RUN_JVM_OPTIONS first, for JVMs started by libraries that take no JVM options (Code
 * Analyzer's PMD): every java launcher since JDK 9 reads it. The user's own options come after, so they win.
 */
export function shortRunJdkJavaOptions(current: string | undefined): string {
  return [...SHORT_RUN_JVM_OPTIONS, current].filter(Boolean).join(' ');
}

export type JavaRuntime = { command: string; major: number; version: string; source: string };
export type JavaLookup = { java: JavaRuntime } | { finding: Finding };

/** The major version in `java -version` output: "25.0.1" -> 25, the old scheme "1.8.0_402" -> 8. */
export function parseJavaMajor(versionOutput: string): { major: number; version: string } | undefined {
  const match = /version "([^"]+)"/.exec(versionOutput);
  if (!match) return undefined;
  const version = match[1];
  const parts = version.split(/[._+-]/).map((part) => Number.parseInt(part, 10));
  const major = parts[0] === 1 ? parts[1] : parts[0];
  return Number.isInteger(major) ? { major, version } : undefined;
}

/** A JDK's `release` file names its version without starting a JVM: JAVA_VERSION="21.0.5". */
function releaseMajor(javaHome: string): number {
  try {
    const release = fs.readFileSync(path.join(javaHome, 'release'), 'utf8');
    return parseJavaMajor(release.replace(/JAVA_VERSION="([^"]+)"/, 'version "$1"'))?.major ?? 0;
  } catch {
    return 0;
  }
}

/** The JDKs of a JVM directory, newest first; symlinked aliases of one JDK are listed once. */
export function jdksIn(jvmDir: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(jvmDir).sort();
  } catch {
    return [];
  }
  const homes = new Map<string, string>();
  for (const entry of entries) {
    const home = path.join(jvmDir, entry);
    const command = path.join(home, 'bin', 'java');
    if (!fs.existsSync(command)) continue;
    const real = fs.realpathSync(home);
    if (!homes.has(real)) homes.set(real, command);
  }
  return [...homes.entries()]
    .map(([home, command]) => ({ command, major: releaseMajor(home) }))
    .sort((a, b) => b.major - a.major || a.command.localeCompare(b.command))
    .map((jdk) => jdk.command);
}

async function probe(command: string, source: string, env: NodeJS.ProcessEnv): Promise<JavaRuntime | string> {
  const result = await runProcess(command, ['-version'], { timeoutMs: 60_000, env });
  if (result.spawnError) return `${source}: ${result.spawnError.code ?? result.spawnError.message}`;
  const parsed = parseJavaMajor(result.stderr + result.stdout);
  if (result.exitCode !== 0 || !parsed) return `${source}: java -version exited with ${result.exitCode}`;
  return { command, source, ...parsed };
}

/**
 * Finds a Java of at least `minMajor` the way users expect: JAVA_HOME, then `java` on PATH, then the newest JDK in
 * the JVM directory. The first one that is new enough wins, so an older Java on PATH (Debian 12's 17) does not hide
 * a newer JDK installed beside it. None: one finding that says what to install and what was found.
 */
export async function findJava(
  minMajor: number = MIN_JAVA_MAJOR,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JavaLookup> {
  const candidates: Array<{ command: string; source: string }> = [];
  if (env.JAVA_HOME) candidates.push({ command: path.join(env.JAVA_HOME, 'bin', 'java'), source: 'JAVA_HOME' });
  candidates.push({ command: 'java', source: 'PATH' });
  const jvmDir = env[JVM_DIR_ENV] || DEFAULT_JVM_DIR;
  for (const command of jdksIn(jvmDir)) candidates.push({ command, source: path.dirname(path.dirname(command)) });

  const seen: string[] = [];
  for (const candidate of candidates) {
    const outcome = await probe(candidate.command, candidate.source, env);
    if (typeof outcome === 'string') {
      seen.push(outcome);
      continue;
    }
    if (outcome.major >= minMajor) return { java: outcome };
    seen.push(`${outcome.source}: Java ${outcome.version}`);
  }
  return {
    finding: { file: 'java', rule: 'java', message: `${INSTALL_JAVA_HINT} (found: ${seen.join('; ') || 'none'})` },
  };
}

let cached: Promise<JavaLookup> | undefined;

/** findJava for this process's environment, looked up once: the semantic check and PMD both ask. */
export function projectJava(): Promise<JavaLookup> {
  cached ??= findJava();
  return cached;
}
