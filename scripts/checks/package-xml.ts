const TYPES_BLOCK = /<types>([\s\S]*?)<\/types>/g;
const MEMBER = /<members>([\s\S]*?)<\/members>/g;
const NAME = /<name>([\s\S]*?)<\/name>/;

const unescapeXml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** type name -> members, from the package.xml that `sf project convert source` writes. */
export function parsePackageXml(xml: string): Map<string, string[]> {
  const components = new Map<string, string[]>();
  for (const [, block] of xml.matchAll(TYPES_BLOCK)) {
    const name = NAME.exec(block);
    if (!name) continue;
    const members = [...block.matchAll(MEMBER)].map(([, member]) => unescapeXml(member));
    components.set(unescapeXml(name[1]), [...(components.get(unescapeXml(name[1])) ?? []), ...members]);
  }
  return components;
}
