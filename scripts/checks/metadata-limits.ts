import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckOutcome, Finding } from './finding';
import { METADATA_LIMITS, type LimitRule, type TypeLimits } from './metadata-limits-table';
import { listSourceFiles, relativeToRoot } from './project-files';

/**
 * Folders deployed with `--source-dir` whether or not they are package directories (the Connected App of Option B,
 * the CI permission set): the org enforces the same limits there.
 */
export const EXTRA_SOURCE_DIRS = ['ci', 'connected-app'] as const;

const META_XML = /\.([A-Za-z-]+)-meta\.xml$/;

/** One element's text, where it starts, and its path below the root element (`nameField/label`). */
export type ElementText = { path: string; text: string; line: number };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** What the org stores: entities decoded, so `&amp;` counts as one character. */
export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

/**
 * The text of every leaf element, with its line. A small scanner rather than a DOM parser because findings need
 * line numbers; comments and CDATA are blanked first (newlines kept) so that a tag inside a comment is not read.
 */
export function leafElements(xml: string): ElementText[] {
  const blanked = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (hidden) =>
    hidden.replace(/[^\n]/g, ' '),
  );
  const stack: string[] = [];
  const leaves: ElementText[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;
  let open: { name: string; contentStart: number; line: number } | undefined;
  for (let match = tag.exec(blanked); match; match = tag.exec(blanked)) {
    const [whole, closing, name, selfClosing] = match;
    if (selfClosing) continue;
    if (!closing) {
      stack.push(name);
      open = { name, contentStart: match.index + whole.length, line: lineAt(blanked, match.index) };
      continue;
    }
    if (open && open.name === name && stack.length > 1) {
      leaves.push({
        path: stack.slice(1).join('/'),
        text: decodeXmlText(xml.slice(open.contentStart, match.index).trim()),
        line: open.line,
      });
    }
    open = undefined;
    stack.pop();
  }
  return leaves;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

const characters = (value: string): number => [...value].length;

function elementFindings(file: string, xml: string, limits: TypeLimits): Finding[] {
  return leafElements(xml).flatMap((element): Finding[] => {
    const limit = limits.elements.find((candidate: LimitRule) => candidate.path === element.path);
    const length = characters(element.text);
    if (!limit || length <= limit.max) return [];
    return [
      {
        file,
        line: element.line,
        message: `${limits.type} <${element.path}> is ${length} characters; the limit is ${limit.max}${limit.confirmed ? '' : ' (unconfirmed limit, so a warning)'}; sources in docs/offline-checks.md`,
        rule: 'metadata-length',
        ...(limit.confirmed ? {} : { severity: 'warning' as const }),
      },
    ];
  });
}

/** `Message__c` -> `Message`; `OSS_Archive_Setting.Default` -> `Default`. */
export function apiNameOf(file: string, suffix: string): string {
  const base = path.basename(file).slice(0, -`.${suffix}-meta.xml`.length);
  const member = suffix === 'md' ? base.slice(base.indexOf('.') + 1) : base;
  return member.replace(/__(c|mdt|e|b|x)$/, '');
}

function nameFinding(file: string, suffix: string, limits: TypeLimits): Finding[] {
  if (!limits.name) return [];
  const name = apiNameOf(file, suffix);
  if (name.length <= limits.name.max) return [];
  return [
    {
      file,
      line: 1,
      message: `${limits.type} API name ${name} is ${name.length} characters; the limit is ${limits.name.max}${limits.name.confirmed ? '' : ' (unconfirmed limit, so a warning)'}; sources in docs/offline-checks.md`,
      rule: 'metadata-name-length',
      ...(limits.name.confirmed ? {} : { severity: 'warning' as const }),
    },
  ];
}

function extraFiles(root: string): string[] {
  const walk = (directory: string): string[] =>
    fs.existsSync(directory)
      ? fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
          const entryPath = path.join(directory, entry.name);
          return entry.isDirectory() ? walk(entryPath) : [entryPath];
        })
      : [];
  return EXTRA_SOURCE_DIRS.flatMap((directory) => walk(path.join(root, directory)));
}

/**
 * Every `-meta.xml` of the package directories and of EXTRA_SOURCE_DIRS against METADATA_LIMITS. A type without
 * an entry passes and is named in the notes, so a new type shows up in the output until someone adds its limits.
 */
export function checkMetadataLimits(root: string): CheckOutcome {
  const files = [...new Set([...listSourceFiles(root), ...extraFiles(root)])].sort();
  const findings: Finding[] = [];
  const checked = new Map<string, number>();
  const unknown = new Map<string, number>();
  for (const file of files) {
    const suffix = META_XML.exec(path.basename(file))?.[1];
    if (!suffix) continue;
    const limits = METADATA_LIMITS[suffix];
    if (!limits) {
      unknown.set(suffix, (unknown.get(suffix) ?? 0) + 1);
      continue;
    }
    checked.set(limits.type, (checked.get(limits.type) ?? 0) + 1);
    const shown = relativeToRoot(root, file);
    findings.push(
      ...nameFinding(shown, suffix, limits),
      ...elementFindings(shown, fs.readFileSync(file, 'utf8'), limits),
    );
  }
  const notes = [...checked].sort(([a], [b]) => a.localeCompare(b)).map(([type, count]) => `${type}: ${count}`);
  if (unknown.size > 0) {
    notes.push(
      `no limits known (passed unchecked): ${[...unknown]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([suffix, count]) => `.${suffix} (${count})`)
        .join(', ')}`,
    );
  }
  return { findings, notes };
}
