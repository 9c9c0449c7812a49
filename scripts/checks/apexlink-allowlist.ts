/**
 * Known false positives of apexlink 2.3.7, whose standard library stops at about API 55 while this project builds
 * against API 65. Each entry matches one exact apexlink message shape for one newer API; never a whole category
 * ("Missing", "Error"), so that a real unknown type, method, variable or field next to it is still reported.
 * Add an entry only after seeing apexlink's message on code that compiles in an org, and say which API added it.
 */
export type AllowedApexlinkMessage = { pattern: RegExp; why: string };

export const APEXLINK_ALLOWLIST: AllowedApexlinkMessage[] = [
  {
    pattern: /^No variable or type found for 'Assert' on '[\w.]+'$/,
    why: 'System.Assert (areEqual, isTrue, fail, ...) was added in API 56 (Winter 23)',
  },
  {
    pattern: /^No variable or type found for 'AccessLevel' on '[\w.]+'$/,
    why: 'System.AccessLevel (USER_MODE / SYSTEM_MODE for Database methods) was added in API 56 (Winter 23)',
  },
  {
    pattern:
      /^Incompatible types in assignment, from 'System\.Map<System\.String, System\.SObject>' to 'System\.Map<System\.String, Schema\.\w+__mdt>'$/,
    why: 'apexlink types <CustomMetadataType>.getAll() as Map<String, SObject>; the platform returns Map<String, <Type>__mdt>',
  },
  {
    pattern: /^Incompatible types in assignment, from 'System\.SObject' to 'Schema\.\w+__mdt'$/,
    why: 'apexlink types <CustomMetadataType>.getInstance(name) as SObject; the platform returns the <Type>__mdt record',
  },
];

export function isAllowListed(message: string, allowlist: AllowedApexlinkMessage[] = APEXLINK_ALLOWLIST): boolean {
  return allowlist.some((entry) => entry.pattern.test(message));
}
