import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../scripts/checks/finding';
import type { CheckReport } from '../../scripts/checks/run-all';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TSX_CLI = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const RUN_ALL = path.join(REPO_ROOT, 'scripts/checks/run-all.ts');

export const CLASSES = 'force-app/main/default/classes';

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>65.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

/** A small, valid project: formatted, parsable, semantically sound and PMD-clean at severity 1-2. */
const VALID_FILES: Record<string, string> = {
  [`${CLASSES}/Greeter.cls`]: `/**
 * @description Greets people and keeps the greetings it sent.
 */
public with sharing class Greeter {
    /**
     * @description Builds a greeting.
     * @param name who to greet
     * @return the greeting
     */
    public static String greet(String name) {
        return 'Hello, ' + name.trim();
    }

    /**
     * @description Stores one greeting per name, in the running user's mode.
     * @param names who was greeted
     * @return the stored greetings
     */
    public static List<Greeting__c> remember(List<String> names) {
        List<Greeting__c> greetings = new List<Greeting__c>();
        for (String name : names) {
            greetings.add(new Greeting__c(Message__c = greet(name)));
        }
        insert as user greetings;
        return [SELECT Id, Message__c FROM Greeting__c WHERE Id IN :greetings WITH USER_MODE];
    }
}
`,
  [`${CLASSES}/GreeterTest.cls`]: `/**
 * @description Tests of Greeter.
 */
@IsTest
private class GreeterTest {
    @IsTest
    static void greetsByName() {
        System.assertEquals('Hello, Ada', Greeter.greet(' Ada '), 'the name is trimmed');
    }

    @IsTest
    static void remembersGreetings() {
        List<Greeting__c> stored = Greeter.remember(new List<String>{ 'Ada' });
        System.assertEquals(1, stored.size(), 'one greeting per name');
    }
}
`,
  [`${CLASSES}/Greeter.cls-meta.xml`]: CLASS_META,
  [`${CLASSES}/GreeterTest.cls-meta.xml`]: CLASS_META,
  'force-app/main/default/objects/Greeting__c/Greeting__c.object-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <deploymentStatus>Deployed</deploymentStatus>
    <label>Greeting</label>
    <nameField>
        <displayFormat>G-{0000}</displayFormat>
        <label>Greeting Number</label>
        <type>AutoNumber</type>
    </nameField>
    <pluralLabel>Greetings</pluralLabel>
    <sharingModel>ReadWrite</sharingModel>
</CustomObject>
`,
  'force-app/main/default/objects/Greeting__c/fields/Message__c.field-meta.xml': `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Message__c</fullName>
    <label>Message</label>
    <length>255</length>
    <type>Text</type>
</CustomField>
`,
};

export type FixtureProject = {
  root: string;
  write: (relativePath: string, content: string) => void;
  /** Adds an Apex class with its -meta.xml. */
  addClass: (name: string, source: string) => void;
  remove: (relativePath: string) => void;
  read: (relativePath: string) => string;
  dispose: () => void;
};

/** A temp copy of the repo's project settings with the valid fixture sources, ready to be broken by a test. */
export function createFixtureProject(): FixtureProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-sf-fixture-'));
  for (const settingsFile of ['sfdx-project.json', '.prettierrc']) {
    fs.copyFileSync(path.join(REPO_ROOT, settingsFile), path.join(root, settingsFile));
  }
  const write = (relativePath: string, content: string): void => {
    const target = path.join(root, relativePath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  };
  for (const [relativePath, content] of Object.entries(VALID_FILES)) write(relativePath, content);
  // The sf CLI refuses a project whose package directory is missing (MissingPackageDirectoryError), and the
  // fixture's sources live in force-app only.
  const { packageDirectories } = JSON.parse(fs.readFileSync(path.join(root, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: { path: string }[];
  };
  for (const directory of packageDirectories) fs.mkdirSync(path.join(root, directory.path), { recursive: true });
  return {
    root,
    write,
    addClass: (name, source) => {
      write(`${CLASSES}/${name}.cls`, source);
      write(`${CLASSES}/${name}.cls-meta.xml`, CLASS_META);
    },
    remove: (relativePath) => fs.rmSync(path.join(root, relativePath)),
    read: (relativePath) => fs.readFileSync(path.join(root, relativePath), 'utf8'),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export type LintSfRun = {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  checks: CheckReport[];
};

/** Runs `lint:sf` exactly as npm does, as a child process, against the fixture. */
export function runLintSf(root: string, only: string[], env: NodeJS.ProcessEnv = process.env): LintSfRun {
  const result = spawnSync(process.execPath, [TSX_CLI, RUN_ALL, '--root', root, '--json', '--only', only.join(',')], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: TOOL_RUN_TIMEOUT_MS - 10_000,
  });
  const parsed = result.stdout ? (JSON.parse(result.stdout) as { checks: CheckReport[] }) : { checks: [] };
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr, checks: parsed.checks };
}

export function checkNamed(run: LintSfRun, name: string): CheckReport {
  const report = run.checks.find((check) => check.name === name);
  if (!report) throw new Error(`no report for ${name}; stderr: ${run.stderr}`);
  return report;
}

export const errorsOf = (report: CheckReport): Finding[] =>
  report.findings.filter((finding) => (finding.severity ?? 'error') === 'error');

/**
 * Each run spawns tsx plus Java or the sf CLI: ~3-10 s on an idle 2-core machine, several times that when other
 * suites run at once (a whole lint:sf of the fixture then takes well over a minute), hence far more than Jest's
 * default 60 s.
 */
export const TOOL_RUN_TIMEOUT_MS = 300_000;
