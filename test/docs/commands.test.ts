/**
 * Every `npm run …` command in README.md and docs/*.md runs as written. Each one found (in code blocks and
 * in inline code) names a script package.json has, and every flag it passes is one the command's own
 * `--help` lists (not a hand-kept list). Each example of a `sh` block also carries the settings the command
 * needs: in the line itself, or exported before it (`export X=…`, `X=… npm run …`) in its block or an earlier
 * `sh` block of the page (a reader pastes a page into one shell). Which
 * settings are needed is decided by the commands' own validation (resolveSettingsDraft) for the commands
 * that take the settings flags, and by the deploy's rule for the Run As user (named everywhere but in a
 * scratch org: an alias with "scratch" in it, or one `sf org create scratch` made earlier on the page).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPLACEMENT_ENV } from '../../scripts/lib/deploy/source-layout';
import { OssError } from '../../scripts/lib/errors';
import { resolveSettingsDraft, SettingsFlags } from '../../scripts/lib/settings';
import { REPO_ROOT, runCli } from '../helpers/runCli';

jest.setTimeout(300_000);

export interface DocCommand {
  file: string;
  line: number;
  script: string;
  args: string[];
  /** Environment given before it in the page's `sh` blocks, or on its own line; undefined outside `sh` blocks. */
  env?: Record<string, string>;
  /** Aliases of the scratch orgs `sf org create scratch` made before it on the page. */
  scratchAliases?: string[];
  text: string;
}

/** Shell words of a command line, quotes removed; stops at a comment, a pipe or another command. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|'([^']*)'|(#.*$)|([|;&]{1,2})|(\S+)/g)) {
    if (match[3] !== undefined || match[4] !== undefined) break;
    words.push(match[1] ?? match[2] ?? match[5]);
  }
  return words;
}

/** `npm run <script> [-- args]` in a line of text (a shell line, or an inline code span). */
function parseNpmRun(text: string): { script: string; args: string[]; before: string } | undefined {
  const at = text.search(/\bnpm run(?:-script)? (?:(?:-s|--silent) )?[a-z]/);
  if (at < 0) return undefined;
  const words = shellWords(text.slice(at));
  // npm's own flags (`-s`) come before the script's name.
  const script = (words.slice(2).find((word) => !word.startsWith('-')) ?? '').replace(/[`.,;:)]+$/, '');
  const separator = words.indexOf('--');
  return { script, args: separator < 0 ? [] : words.slice(separator + 1), before: text.slice(0, at) };
}

/** Exports of a shell line (`export A=1 B=2`, `unset A`), applied to `env`. */
function applyExports(line: string, env: Record<string, string>): void {
  const words = shellWords(line.trim());
  if (words[0] === 'export') {
    for (const word of words.slice(1)) {
      const [name, value] = word.split(/=(.*)/s);
      if (value !== undefined) env[name] = value;
    }
  } else if (words[0] === 'unset') {
    for (const name of words.slice(1)) delete env[name];
  }
}

/** Every `npm run` command of a Markdown page, with where it is and, in `sh` blocks, the block's settings. */
export function docCommands(file: string, markdown: string): DocCommand[] {
  const found: DocCommand[] = [];
  let block: { lang: string } | undefined;
  const env: Record<string, string> = {};
  const scratchAliases: string[] = [];
  markdown.split('\n').forEach((raw, index) => {
    const fence = /^\s*```(\w*)/.exec(raw);
    if (fence) {
      block = block ? undefined : { lang: fence[1] };
      return;
    }
    const line = index + 1;
    if (block) {
      const text = raw.replace(/^\s*\$ /, '');
      const shell = ['sh', 'bash', 'shell'].includes(block.lang);
      if (shell) applyExports(text, env);
      const created = /\bsf org create scratch\b.*?(?:--alias|-a)[ =](\S+)/.exec(text)?.[1];
      if (shell && created) scratchAliases.push(created);
      const parsed = parseNpmRun(text);
      if (!parsed) return;
      // `A=1 B=2 npm run …` sets A and B for that command only.
      const inline: Record<string, string> = {};
      for (const word of shellWords(parsed.before)) {
        const [name, value] = word.split(/=(.*)/s);
        if (value !== undefined && /^[A-Z_][A-Z0-9_]*$/.test(name)) inline[name] = value;
      }
      found.push({
        file,
        line,
        script: parsed.script,
        args: parsed.args,
        ...(shell ? { env: { ...env, ...inline }, scratchAliases: [...scratchAliases] } : {}),
        text: text.trim(),
      });
      return;
    }
    for (const span of raw.matchAll(/`([^`]*\bnpm run[^`]*)`/g)) {
      const parsed = parseNpmRun(span[1]);
      if (parsed) found.push({ file, line, script: parsed.script, args: parsed.args, text: span[1] });
    }
  });
  return found;
}

/** The long and short flags an option section of commander's `--help` lists. */
export function helpFlags(help: string): Set<string> {
  const options = help.split(/^Options:$/m)[1] ?? '';
  const flags = new Set<string>();
  for (const line of options.split('\n')) {
    const head = /^\s{1,4}(-[^ ].*?)(?:\s{2,}|$)/.exec(line)?.[1];
    head?.split(/,\s*/).forEach((part) => flags.add(part.split(/[ =]/)[0]));
  }
  return flags;
}

/** The flags a command line passes (`--name`, `--name=value`, `-o`), without their values. */
export function flagsOf(args: readonly string[]): string[] {
  return args.filter((arg) => /^-{1,2}[a-z]/i.test(arg)).map((arg) => arg.split('=')[0]);
}

function flagValues(args: readonly string[], help: Set<string>): SettingsFlags {
  const value = (...names: string[]) => {
    const index = args.findIndex((arg) => names.includes(arg.split('=')[0]));
    if (index < 0) return undefined;
    return args[index].includes('=') ? args[index].split(/=(.*)/s)[1] : (args[index + 1] ?? '');
  };
  const read = (flag: string, ...aliases: string[]) => (help.has(flag) ? value(flag, ...aliases) : undefined);
  return {
    targetOrg: read('--target-org', '-o'),
    instanceUrl: read('--instance-url'),
    clientId: read('--client-id'),
    onespanUrl: read('--onespan-url'),
    onespanEnv: read('--onespan-env'),
  };
}

/**
 * The settings an example lacks, as the command would report them: the settings commands' own validation
 * (only "missing" problems; placeholder values like `<alias>` are not judged), and the deploy's Run As rule.
 */
export function missingSettings(command: DocCommand, help: Set<string>): string[] {
  const env = command.env ?? {};
  const flags = flagValues(command.args, help);
  const missing: string[] = [];
  if (help.has('--client-id')) {
    try {
      resolveSettingsDraft({ flags, env });
    } catch (error) {
      const problems = ((error as OssError).data as { problems?: { key: string; setting: string }[] })?.problems ?? [];
      missing.push(
        ...problems.filter((problem) => problem.key.startsWith('missing')).map((problem) => problem.setting),
      );
    }
  }
  if (help.has('--run-as-username')) {
    const alias = flags.targetOrg ?? env.SF_TARGET_ORG ?? '';
    const scratch = /scratch/i.test(alias) || (command.scratchAliases ?? []).includes(alias);
    if (!scratch && !command.args.includes('--run-as-username') && !env[REPLACEMENT_ENV.runAsUsername]) {
      missing.push(`--run-as-username / ${REPLACEMENT_ENV.runAsUsername} (every org but a scratch org)`);
    }
  }
  return missing;
}

const SCRIPTS = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The TypeScript file a package.json script runs, when it is one of our commands. */
function commandFile(script: string): string | undefined {
  const line = SCRIPTS[script] ?? '';
  const launched = /scripts\/launcher\/run\.mjs (\S+)/.exec(line)?.[1];
  if (launched) return `scripts/commands/${launched}.ts`;
  return /tsx (scripts\/\S+\.ts)/.exec(line)?.[1];
}

const PAGES = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const COMMANDS = PAGES.flatMap((page) => docCommands(page, readFileSync(join(REPO_ROOT, page), 'utf8')));
const where = (command: DocCommand) => `${command.file}:${command.line}: ${command.text}`;

describe('the npm run commands of README.md and docs/', () => {
  const helps = new Map<string, Set<string>>();

  beforeAll(async () => {
    // Only the commands the docs pass flags to; each --help is the command's own flag definitions.
    const scripts = [
      ...new Set(COMMANDS.filter((command) => command.args.length > 0).map((command) => command.script)),
    ];
    await Promise.all(
      scripts.map(async (script) => {
        const file = commandFile(script);
        if (!file) return;
        const run = await runCli(file, ['--help'], { secrets: [], timeoutMs: 120_000 });
        helps.set(script, helpFlags(run.stdout));
      }),
    );
  });

  it('are found', () => {
    expect(COMMANDS.length).toBeGreaterThan(50);
  });

  it('name scripts package.json has', () => {
    expect(COMMANDS.filter((command) => !(command.script in SCRIPTS)).map(where)).toEqual([]);
  });

  it("pass only flags the command's --help lists", () => {
    const wrong = COMMANDS.flatMap((command) => {
      const help = helps.get(command.script);
      if (!help || help.size === 0)
        return command.args.some((arg) => arg.startsWith('-')) ? [`${where(command)} (no --help flags)`] : [];
      return flagsOf(command.args)
        .filter((flag) => !help.has(flag))
        .map((flag) => `${where(command)}: ${flag}`);
    });
    expect(wrong).toEqual([]);
  });

  it('carry the settings each command needs, in the line or exported before it in its block', () => {
    const lacking = COMMANDS.filter((command) => command.env !== undefined).flatMap((command) => {
      const missing = missingSettings(command, helps.get(command.script) ?? new Set());
      return missing.length > 0 ? [`${where(command)}: needs ${missing.join('; ')}`] : [];
    });
    expect(lacking).toEqual([]);
  });
});

describe('the docs-commands check itself', () => {
  const settingsHelp = new Set([
    '--target-org',
    '-o',
    '--instance-url',
    '--client-id',
    '--onespan-url',
    '--onespan-env',
  ]);
  const deployHelp = new Set(['--target-org', '-o', '--run-as-username', '--onespan-env', '--onespan-url']);

  it('finds commands in sh blocks with their exports, in text blocks and in inline code', () => {
    const page = [
      'Run `npm run verify -- --target-org acme` first.',
      '```sh',
      'export ONESPAN_API_KEY=... ONESPAN_API_URL=https://sandbox.esignlive.com/api',
      'SF_TARGET_ORG=acme npm run register -- --events PACKAGE_COMPLETE   # a comment',
      'unset ONESPAN_API_KEY',
      'npm run doctor -- -o acme | tee out.txt',
      '```',
      '```text',
      '$ npm run smoke -- --wait 60',
      '```',
    ].join('\n');
    expect(docCommands('x.md', page).map(({ line, script, args, env }) => ({ line, script, args, env }))).toEqual([
      { line: 1, script: 'verify', args: ['--target-org', 'acme'], env: undefined },
      {
        line: 4,
        script: 'register',
        args: ['--events', 'PACKAGE_COMPLETE'],
        env: { ONESPAN_API_KEY: '...', ONESPAN_API_URL: 'https://sandbox.esignlive.com/api', SF_TARGET_ORG: 'acme' },
      },
      {
        line: 6,
        script: 'doctor',
        args: ['-o', 'acme'],
        env: { ONESPAN_API_URL: 'https://sandbox.esignlive.com/api' },
      },
      { line: 9, script: 'smoke', args: ['--wait', '60'], env: undefined },
    ]);
    expect(docCommands('x.md', 'Run `npm run -s doctor -- --json`.').map(({ script, args }) => [script, args])).toEqual(
      [['doctor', ['--json']]],
    );
  });

  it("reads commander's --help options", () => {
    const help =
      'Usage: x [options]\n\nOptions:\n  --json   JSON.\n  -o, --target-org <alias>  An org\n                 wrapped --not-a-flag\n  -h, --help  Help.\n';
    expect([...helpFlags(help)].sort()).toEqual(['--help', '--json', '--target-org', '-h', '-o']);
    expect(flagsOf(['--target-org', 'acme', '--wait=60', '-o', 'x', 'record'])).toEqual([
      '--target-org',
      '--wait',
      '-o',
    ]);
  });

  it('fails an example with a missing setting, and passes it once the block exports it', () => {
    const [bare] = docCommands('x.md', '```sh\nnpm run register -- --target-org myorg\n```');
    expect(missingSettings(bare, settingsHelp)).toEqual([
      '--onespan-url / ONESPAN_API_URL (or --onespan-env)',
      'ONESPAN_API_KEY (environment only)',
    ]);
    const [given] = docCommands(
      'x.md',
      '```sh\nexport ONESPAN_API_KEY=...\nnpm run register -- --target-org myorg --onespan-env us-sandbox\n```',
    );
    expect(missingSettings(given, settingsHelp)).toEqual([]);
    const [noOrg] = docCommands('x.md', '```sh\nexport ONESPAN_API_KEY=...\nnpm run verify -- --onespan-env us\n```');
    expect(missingSettings(noOrg, settingsHelp)).toEqual(
      expect.arrayContaining(['--instance-url / SF_INSTANCE_URL', 'SF_CLIENT_SECRET (environment only)']),
    );
  });

  it('fails a deploy to a sandbox without its Run As user, not to a scratch org', () => {
    const [sandbox] = docCommands('x.md', '```sh\nnpm run deploy -- --target-org uat\n```');
    expect(missingSettings(sandbox, deployHelp)).toEqual([
      '--run-as-username / OSS_RUN_AS_USERNAME (every org but a scratch org)',
    ]);
    const [scratch] = docCommands('x.md', '```sh\nnpm run deploy -- --target-org scratch\n```');
    expect(missingSettings(scratch, deployHelp)).toEqual([]);
    const [created] = docCommands(
      'x.md',
      '```sh\nsf org create scratch --definition-file d.json --alias ci-check\n```\n\n```sh\nnpm run deploy -- --target-org ci-check\n```',
    );
    expect(missingSettings(created, deployHelp)).toEqual([]);
    const [exported] = docCommands(
      'x.md',
      '```sh\nexport OSS_RUN_AS_USERNAME=oss@acme.com.uat\nnpm run deploy -- --target-org uat\n```',
    );
    expect(missingSettings(exported, deployHelp)).toEqual([]);
  });

  it('fails a flag the command does not have', () => {
    const [typo] = docCommands('x.md', '```text\n$ npm run deploy -- --target-org uat --run-as-user oss@acme.com\n```');
    expect(flagsOf(typo.args).filter((flag) => !deployHelp.has(flag))).toEqual(['--run-as-user']);
  });
});
