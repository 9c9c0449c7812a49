/**
 * Salesforce record Ids: a 3-character key prefix, 12 base-62 characters, and the documented
 * 3-character case-safe suffix that turns the 15-character Id into the 18-character one
 * (each suffix character encodes which of 5 characters are upper case).
 *
 * Key prefixes follow the platform where known (00D Organization, 005 User, 00e Profile,
 * 01p ApexClass, 0PS PermissionSet, 0Pa PermissionSetAssignment). Custom objects get an
 * org-specific a0X-style prefix. The prefixes used for ExternalClientApplication and its OAuth
 * consumer are unconfirmed (they only need to be stable and distinct here). Files: 068 ContentVersion,
 * 069 ContentDocument, 06A ContentDocumentLink, 058 ContentWorkspace; custom metadata records get a
 * type-specific prefix (m0A here, unconfirmed). UserLicense 100, PermissionSetLicense 0PL and
 * PermissionSetLicenseAssign 2LA are unconfirmed too.
 */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const KeyPrefix = {
  organization: '00D',
  user: '005',
  profile: '00e',
  apexClass: '01p',
  permissionSet: '0PS',
  permissionSetAssignment: '0Pa',
  userLicense: '100',
  permissionSetLicense: '0PL',
  permissionSetLicenseAssign: '2LA',
  callbackEvent: 'a0O',
  externalClientApplication: '0xI',
  oauthConsumer: '0xC',
  account: '001',
  contentVersion: '068',
  contentDocument: '069',
  contentDocumentLink: '06A',
  contentWorkspace: '058',
  archiveSetting: 'm0A',
  externalCredentialParameter: '0pt',
} as const;

export function caseSafeId(id15: string): string {
  if (id15.length !== 15) throw new Error(`a 15-character Id is needed, got ${id15.length} characters`);
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[block * 5 + i];
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return id15 + suffix;
}

/** Sequential Ids per prefix keep test output readable; the pod digits make them look real. */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  public next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return caseSafeId(prefix + '5g0' + toBase62(n).padStart(9, '0'));
  }
}

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += BASE62[byte % 62];
  return out;
}

/** Salesforce accepts 15- and 18-character forms of the same Id; the first 15 characters identify it. */
export function sameId(a: string, b: string): boolean {
  return a.length >= 15 && b.length >= 15 && a.slice(0, 15) === b.slice(0, 15);
}

function toBase62(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out;
}
