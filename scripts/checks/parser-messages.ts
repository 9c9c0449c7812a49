const LONG_TOKEN_SET = /expecting \{([^}]*)\}/;
const KEYWORD_TOKEN = /^'[a-z0-9_]+'$/;
const MAX_TOKENS_SHOWN = 8;

/**
 * ANTLR lists every acceptable token (150+ Apex keywords) after "expecting"; keep the punctuation and token classes,
 * which are almost always what was meant (`')'`, `';'`, `Identifier`), and drop the keyword wall.
 */
export function shortenParserMessage(message: string): string {
  const match = LONG_TOKEN_SET.exec(message);
  if (!match) return message;
  const tokens = match[1].split(', ');
  if (tokens.length <= MAX_TOKENS_SHOWN) return message;
  const kept = tokens.filter((token) => !KEYWORD_TOKEN.test(token)).slice(0, MAX_TOKENS_SHOWN);
  return message.replace(
    LONG_TOKEN_SET,
    `expecting {${[...kept, `… ${tokens.length - kept.length} keywords`].join(', ')}}`,
  );
}
