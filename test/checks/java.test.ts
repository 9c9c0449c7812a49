import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  INSTALL_JAVA_HINT,
  JVM_DIR_ENV,
  SHORT_RUN_JVM_OPTIONS,
  findJava,
  jdksIn,
  parseJavaMajor,
  shortRunJdkJavaOptions,
} from '../../scripts/checks/java';

/** A fake JDK home whose bin/java prints the given version the way `java -version` does (on stderr). */
function fakeJdk(parent: string, name: string, version: string, withRelease = true): string {
  const home = path.join(parent, name);
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
  const java = path.join(home, 'bin', 'java');
  fs.writeFileSync(java, `#!/bin/sh\necho 'openjdk version "${version}" 2025-10-21' >&2\n`, { mode: 0o755 });
  if (withRelease) fs.writeFileSync(path.join(home, 'release'), `IMPLEMENTOR="test"\nJAVA_VERSION="${version}"\n`);
  return home;
}

describe('parseJavaMajor', () => {
  it('reads both version schemes and refuses what is not a version line', () => {
    expect(parseJavaMajor('openjdk version "25.0.1" 2025-10-21')).toEqual({ major: 25, version: '25.0.1' });
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toEqual({ major: 21, version: '21' });
    expect(parseJavaMajor('java version "1.8.0_402"')).toEqual({ major: 8, version: '1.8.0_402' });
    expect(parseJavaMajor('Error: could not find libjava.so')).toBeUndefined();
  });
});

describe('findJava', () => {
  let dir: string;
  let jvmDir: string;
  let pathDir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'find-java-'));
    jvmDir = path.join(dir, 'jvm');
    fs.mkdirSync(jvmDir);
    // `java` on PATH is 17, as on Debian 12.
    pathDir = path.join(fakeJdk(dir, 'path-jdk', '17.0.15'), 'bin');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: pathDir,
    [JVM_DIR_ENV]: jvmDir,
    ...extra,
  });

  it('takes the newest JDK of the JVM directory when JAVA_HOME and PATH are too old', async () => {
    fakeJdk(jvmDir, 'java-17-openjdk-amd64', '17.0.15');
    fakeJdk(jvmDir, 'temurin-25-jdk-amd64', '25.0.1');
    fakeJdk(jvmDir, 'temurin-21-jdk-amd64', '21.0.5');
    const old = fakeJdk(dir, 'old-home', '11.0.2');

    const lookup = await findJava(21, env({ JAVA_HOME: old }));

    expect(lookup).toEqual({
      java: {
        command: path.join(jvmDir, 'temurin-25-jdk-amd64', 'bin', 'java'),
        major: 25,
        version: '25.0.1',
        source: path.join(jvmDir, 'temurin-25-jdk-amd64'),
      },
    });
  });

  it('prefers JAVA_HOME, then PATH, over a newer JDK in the JVM directory', async () => {
    fakeJdk(jvmDir, 'temurin-25-jdk-amd64', '25.0.1');
    const home = fakeJdk(dir, 'home-21', '21.0.5');
    const newPath = path.join(fakeJdk(dir, 'path-22', '22.0.2'), 'bin');

    expect(await findJava(21, env({ JAVA_HOME: home }))).toMatchObject({ java: { source: 'JAVA_HOME', major: 21 } });
    expect(await findJava(21, env({ PATH: newPath }))).toMatchObject({ java: { source: 'PATH', major: 22 } });
  });

  it('fails with one line that says what to install and what it found', async () => {
    fakeJdk(jvmDir, 'java-17-openjdk-amd64', '17.0.15');

    const lookup = await findJava(21, env({ JAVA_HOME: path.join(dir, 'nowhere') }));

    expect('finding' in lookup && lookup.finding.message).toBe(
      `${INSTALL_JAVA_HINT} (found: JAVA_HOME: ENOENT; PATH: Java 17.0.15; ${path.join(jvmDir, 'java-17-openjdk-amd64')}: Java 17.0.15)`,
    );
    expect(INSTALL_JAVA_HINT).toMatch(/Java 21 or later/);
    expect(INSTALL_JAVA_HINT).not.toContain('\n');
  });

  it('lists each JDK of the JVM directory once, newest first, skipping entries without bin/java', () => {
    const temurin = fakeJdk(jvmDir, 'temurin-25-jdk-amd64', '25.0.1');
    fakeJdk(jvmDir, 'java-17-openjdk-amd64', '17.0.15');
    fs.symlinkSync(path.join(jvmDir, 'java-17-openjdk-amd64'), path.join(jvmDir, 'java-1.17.0-openjdk-amd64'));
    fs.mkdirSync(path.join(jvmDir, 'openjdk-17'));
    fakeJdk(jvmDir, 'no-release-file', '21.0.1', false);

    expect(jdksIn(jvmDir)).toEqual([
      path.join(temurin, 'bin', 'java'),
      path.join(jvmDir, 'java-1.17.0-openjdk-amd64', 'bin', 'java'),
      path.join(jvmDir, 'no-release-file', 'bin', 'java'),
    ]);
    expect(jdksIn(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('shortRunJdkJavaOptions', () => {
  it("puts the short-run options first and keeps the user's own after them, so that the user's win", () => {
    expect(SHORT_RUN_JVM_OPTIONS).toEqual(['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC']);
    expect(shortRunJdkJavaOptions(undefined)).toBe('-XX:TieredStopAtLevel=1 -XX:+UseSerialGC');
    expect(shortRunJdkJavaOptions('-Xmx2g -XX:+UseG1GC')).toBe(
      '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx2g -XX:+UseG1GC',
    );
  });
});
