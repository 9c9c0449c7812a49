import * as fs from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { Finding } from './finding';
import { shortenParserMessage } from './parser-messages';
import { isApexSource, listSourceFiles, relativeToRoot } from './project-files';

type SyntaxError = { line: number; column: number; message: string };

class CollectingListener extends ApexErrorListener {
  readonly errors: SyntaxError[] = [];

  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

/** Syntax errors of one Apex source; pure so that it can be tested without files. */
export function parseApex(source: string, kind: 'class' | 'trigger'): SyntaxError[] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (kind === 'trigger') parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

/**
 * Every Apex file must parse. This runs before PMD because PMD reports zero violations (and succeeds) on a file it
 * cannot parse, and before apex-ls, whose own parser is older than this one (apex-parser 4.0.0 in its jars).
 */
export function checkApexSyntax(root: string): Finding[] {
  return listSourceFiles(root)
    .filter(isApexSource)
    .flatMap((file) =>
      parseApex(fs.readFileSync(file, 'utf8'), file.endsWith('.trigger') ? 'trigger' : 'class').map((error) => ({
        file: relativeToRoot(root, file),
        line: error.line,
        // ANTLR columns are 0-based; editors and the other checks count from 1.
        column: error.column + 1,
        message: shortenParserMessage(error.message),
        rule: 'apex-parser',
      })),
    );
}
