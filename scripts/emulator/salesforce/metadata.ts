/**
 * The project's custom fields as the org would hold them once deployed, read from the field files under
 * force-app (data both sides read, like the receiver's contract cases): which are unique (and whether
 * case matters), and the length of text fields. The emulator enforces what the files declare, so a
 * change to a field file changes the emulated org the way a deploy changes a real one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const OBJECTS_PATH = resolve(__dirname, '../../../force-app/main/default/objects');

export interface CustomFieldDef {
  name: string;
  unique: boolean;
  caseSensitive: boolean;
  /** Text fields' maximum length; undefined for other types. */
  length?: number;
}

const cache = new Map<string, CustomFieldDef[]>();

/** The custom fields of one object in the project (none when it declares none). */
export function customFields(object: string): CustomFieldDef[] {
  const known = cache.get(object);
  if (known) return known;
  const folder = join(OBJECTS_PATH, object, 'fields');
  const fields = existsSync(folder)
    ? readdirSync(folder)
        .filter((file) => file.endsWith('.field-meta.xml'))
        .map((file) => parseField(readFileSync(join(folder, file), 'utf8')))
    : [];
  cache.set(object, fields);
  return fields;
}

// The field files are flat (one element per setting), so their few settings are read without an XML parser.
function parseField(xml: string): CustomFieldDef {
  const element = (name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  const length = element('length');
  return {
    name: element('fullName') ?? '',
    unique: element('unique') === 'true',
    caseSensitive: element('caseSensitive') === 'true',
    ...(length === undefined ? {} : { length: Number(length) }),
  };
}
