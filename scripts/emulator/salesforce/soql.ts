/**
 * A small SOQL subset over the emulated org, answering like the REST query resource
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm):
 *
 *   SELECT f1, f2, Rel.Field FROM Obj [WHERE a = 'x' [AND b != null] [AND c IN ('y', 'z') ...]]
 *   (or the same conditions joined by OR only)
 *   [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST]] [LIMIT n]
 *
 * Keywords, object and field names are case-insensitive; records come back with canonical names,
 * `attributes {type, url}`, and relationship fields nested as `{Rel: {attributes, Field}}` (or
 * `Rel: null`). Text comparisons are case-insensitive and Ids match in 15- or 18-character form,
 * as on the platform. Unknown object -> INVALID_TYPE, unknown field or relationship -> INVALID_FIELD,
 * a literal of the wrong type -> INVALID_FIELD, a malformed Id literal -> INVALID_QUERY_FILTER_OPERATOR,
 * anything outside the subset (AND mixed with OR, NOT IN, functions, subqueries, date literals...) -> MALFORMED_QUERY:
 * valid SOQL may be refused, but a result is never wrong. Message texts imitate the platform's
 * "ERROR at Row:1:Column:N" form; their exact wording is unconfirmed.
 */
import { sameId } from './ids';
import { findObject, type FieldDef, type ObjectDef, type Row } from './schema';
import type { OrgStore } from './store';

export class SoqlError extends Error {
  public constructor(
    public readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'number'; value: number };

interface FieldPath {
  /** canonical names: [field] or [relationship, field] */
  segments: string[];
  field: FieldDef;
  relationship?: { foreignKey: string; target: ObjectDef };
}

interface Condition {
  path: FieldPath;
  operator: '=' | '!=' | 'in';
  /** One literal for = and !=; the list of an IN. */
  literals: Literal[];
}

export interface CompiledQuery {
  object: ObjectDef;
  select: FieldPath[];
  where: Condition[];
  /** How the conditions join: all AND or all OR (SOQL needs parentheses to mix them; those are not modelled). */
  whereJoin: 'and' | 'or';
  orderBy?: { path: FieldPath; descending: boolean; nullsLast: boolean };
  limit?: number;
}

interface Token {
  kind: 'word' | 'string' | 'number' | 'symbol';
  text: string;
  column: number;
}

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'order',
  'by',
  'limit',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'in',
  'like',
  'group',
  'having',
  'offset',
  'with',
  'for',
  'using',
  'typeof',
]);

export function compileSoql(query: string): CompiledQuery {
  const tokens = tokenize(query);
  const parser = new Parser(query, tokens);
  return parser.parse();
}

/** Runs a query as `userId`, whose identity matters only for objects with restricted listing (Files). */
export function runSoql(compiled: CompiledQuery, store: OrgStore, apiVersion: string, userId: string): Row[] {
  const { restricted } = compiled.object;
  const namesIds = (c: Condition): boolean =>
    c.path.segments.length === 1 && c.operator !== '!=' && (restricted?.idFields.includes(c.path.segments[0]) ?? false);
  // Under OR every branch must name Ids; under AND one condition on an Id is enough.
  const namedById =
    !restricted ||
    (compiled.whereJoin === 'or'
      ? compiled.where.length > 0 && compiled.where.every(namesIds)
      : compiled.where.some(namesIds));
  const rows = compiled.object.rows(store).filter((row) => namedById || restricted?.listed(row, store, userId));
  const resolved = rows.map((row) => ({ row, value: (path: FieldPath) => valueAt(path, row, store) }));
  let matching = resolved.filter(({ value }) =>
    compiled.whereJoin === 'or'
      ? compiled.where.some((c) => test(c, value(c.path)))
      : compiled.where.every((c) => test(c, value(c.path))),
  );
  if (compiled.orderBy) {
    const { path, descending, nullsLast } = compiled.orderBy;
    matching = [...matching].sort((a, b) => compare(a.value(path), b.value(path), descending, nullsLast));
  }
  if (compiled.limit !== undefined) matching = matching.slice(0, compiled.limit);
  return matching.map(({ row }) => toRecord(compiled, row, store, apiVersion));
}

/** The `columns=true` answer the sf CLI reads (plugin-data `retrieveColumns`). */
export function columnMetadata(compiled: CompiledQuery): Record<string, unknown> {
  const column = (name: string, display: string, field: FieldDef | undefined, join: unknown[]) => ({
    aggregate: false,
    apexType: field ? apexType(field) : null,
    booleanType: field?.type === 'boolean',
    columnName: name,
    custom: name.endsWith('__c'),
    displayName: display,
    foreignKeyName: null,
    insertable: false,
    joinColumns: join,
    numberType: field?.type === 'double',
    textType: field?.type === 'string',
    updatable: false,
  });
  return {
    columnMetadata: compiled.select.map((path) =>
      path.segments.length === 1
        ? column(path.segments[0], path.segments[0], path.field, [])
        : column(path.segments[0], path.segments[0], undefined, [
            column(path.segments[1], path.segments.join('.'), path.field, []),
          ]),
    ),
    entityName: compiled.object.name,
    groupBy: false,
    idSelected: compiled.select.some((p) => p.segments.length === 1 && p.segments[0] === 'Id'),
    keyPrefix: compiled.object.keyPrefix,
  };
}

function apexType(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
      return 'Boolean';
    case 'datetime':
      return 'Datetime';
    case 'date':
      return 'Date';
    case 'double':
      return 'Double';
    case 'id':
    case 'reference':
      return 'Id';
    default:
      return 'String';
  }
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= query.length) throw malformed(query, start, 'unterminated string literal');
        const c = query[i];
        if (c === '\\') {
          const next = query[i + 1];
          const escapes: Record<string, string> = {
            n: '\n',
            r: '\r',
            t: '\t',
            b: '\b',
            f: '\f',
            '"': '"',
            "'": "'",
            '\\': '\\',
          };
          if (next === undefined || !(next in escapes))
            throw malformed(query, i, 'invalid escape sequence in string literal');
          value += escapes[next];
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ kind: 'string', text: value, column: start + 1 });
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(query.slice(i)) as RegExpExecArray;
      if (/[A-Za-z_:]/.test(query[i + match[0].length] ?? ''))
        throw malformed(query, i, `unexpected token: '${query.slice(i).split(/[\s,]/)[0]}'`);
      tokens.push({ kind: 'number', text: match[0], column: i + 1 });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(query.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0], column: i + 1 });
      i += match[0].length;
    } else if (query.startsWith('!=', i) || query.startsWith('<>', i)) {
      tokens.push({ kind: 'symbol', text: '!=', column: i + 1 });
      i += 2;
    } else if ('=,()<>'.includes(ch)) {
      tokens.push({ kind: 'symbol', text: ch, column: i + 1 });
      i++;
    } else {
      throw malformed(query, i, `unexpected token: '${ch}'`);
    }
  }
  return tokens;
}

class Parser {
  private position = 0;

  public constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  public parse(): CompiledQuery {
    if (this.tokens.length === 0) throw new SoqlError('MALFORMED_QUERY', 'A query string has to be specified');
    this.keyword('select');
    const selected: Token[] = [this.fieldToken()];
    while (this.peekSymbol(',')) {
      this.position++;
      selected.push(this.fieldToken());
    }
    this.keyword('from');
    const objectToken = this.next();
    if (
      objectToken?.kind !== 'word' ||
      RESERVED.has(objectToken.text.toLowerCase()) ||
      objectToken.text.includes('.')
    ) {
      throw this.unexpected(objectToken);
    }
    const object = findObject(objectToken.text);
    if (!object) {
      throw new SoqlError(
        'INVALID_TYPE',
        errorText(
          this.query,
          objectToken.column,
          `sObject type '${objectToken.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    const compiled: CompiledQuery = { object, select: [], where: [], whereJoin: 'and' };
    const seen = new Set<string>();
    for (const token of selected) {
      const path = this.resolve(object, token);
      const key = path.segments.join('.');
      if (seen.has(key))
        throw new SoqlError('INVALID_FIELD', errorText(this.query, token.column, `duplicate field selected: ${key}`));
      seen.add(key);
      compiled.select.push(path);
    }
    if (this.peekWord('where')) {
      this.position++;
      compiled.where.push(this.condition(object));
      // `sf org assign permsetlicense` looks a licence up by `DeveloperName = 'x' or MasterLabel = 'x'`.
      const join = this.peekWord('or') ? 'or' : 'and';
      compiled.whereJoin = join;
      while (this.peekWord(join)) {
        this.position++;
        compiled.where.push(this.condition(object));
      }
    }
    if (this.peekWord('order')) {
      this.position++;
      this.keyword('by');
      const path = this.resolve(object, this.fieldToken());
      let descending = false;
      if (this.peekWord('asc')) this.position++;
      else if (this.peekWord('desc')) {
        this.position++;
        descending = true;
      }
      let nullsLast = descending;
      if (this.peekWord('nulls')) {
        this.position++;
        const which = this.next();
        if (which?.kind !== 'word' || !['first', 'last'].includes(which.text.toLowerCase()))
          throw this.unexpected(which);
        nullsLast = which.text.toLowerCase() === 'last';
      }
      compiled.orderBy = { path, descending, nullsLast };
    }
    if (this.peekWord('limit')) {
      this.position++;
      const n = this.next();
      if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) throw this.unexpected(n);
      compiled.limit = Number(n.text);
    }
    if (this.position < this.tokens.length) throw this.unexpected(this.tokens[this.position]);
    return compiled;
  }

  private condition(object: ObjectDef): Condition {
    const path = this.resolve(object, this.fieldToken());
    if (this.peekWord('in')) {
      this.position++;
      return { path, operator: 'in', literals: this.literalList(path) };
    }
    const operatorToken = this.next();
    if (operatorToken?.kind !== 'symbol' || !['=', '!='].includes(operatorToken.text))
      throw this.unexpected(operatorToken);
    const literalToken = this.next();
    const literal = this.literal(literalToken);
    checkLiteralType(this.query, path, literal, literalToken as Token);
    return { path, operator: operatorToken.text as '=' | '!=', literals: [literal] };
  }

  /** `( literal [, literal ...] )` after IN; an empty list is malformed, as on the platform. */
  private literalList(path: FieldPath): Literal[] {
    const open = this.next();
    if (open?.kind !== 'symbol' || open.text !== '(') throw this.unexpected(open);
    const literals: Literal[] = [];
    for (;;) {
      const token = this.next();
      const literal = this.literal(token);
      checkLiteralType(this.query, path, literal, token as Token);
      literals.push(literal);
      const separator = this.next();
      if (separator?.kind === 'symbol' && separator.text === ')') return literals;
      if (separator?.kind !== 'symbol' || separator.text !== ',') throw this.unexpected(separator);
    }
  }

  private literal(token: Token | undefined): Literal {
    if (token?.kind === 'string') return { kind: 'string', value: token.text };
    if (token?.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token?.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
      if (word === 'null') return { kind: 'null' };
    }
    throw this.unexpected(token);
  }

  /** A field of an object by name (case-insensitive), or Salesforce's INVALID_FIELD error. */
  private field(object: ObjectDef, name: string, token: Token): ObjectDef['fields'][number] {
    const field = object.fields.find((fd) => fd.name.toLowerCase() === name.toLowerCase());
    if (!field) {
      throw new SoqlError(
        'INVALID_FIELD',
        errorText(
          this.query,
          token.column,
          `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    return field;
  }

  private resolve(object: ObjectDef, token: Token): FieldPath {
    const parts = token.text.split('.');
    if (parts.length === 1) {
      const field = this.field(object, parts[0], token);
      return { segments: [field.name], field };
    }
    const relationship =
      parts.length === 2
        ? object.relationships.find((r) => r.name.toLowerCase() === parts[0].toLowerCase())
        : undefined;
    const target = relationship ? findObject(relationship.target) : undefined;
    if (!relationship || !target) {
      throw new SoqlError(
        'INVALID_FIELD',
        errorText(
          this.query,
          token.column,
          `Didn't understand relationship '${parts.slice(0, -1).join('.')}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    const field = this.field(target, parts[1], token);
    return {
      segments: [relationship.name, field.name],
      field,
      relationship: { foreignKey: relationship.foreignKey, target },
    };
  }

  private fieldToken(): Token {
    const token = this.next();
    if (token?.kind !== 'word' || RESERVED.has(token.text.toLowerCase())) throw this.unexpected(token);
    if (this.peekSymbol('(')) throw this.unexpected(this.tokens[this.position]); // functions are outside the subset
    return token;
  }

  private keyword(word: string): void {
    const token = this.next();
    if (token?.kind !== 'word' || token.text.toLowerCase() !== word) throw this.unexpected(token);
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  }

  private peekSymbol(symbol: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'symbol' && token.text === symbol;
  }

  private next(): Token | undefined {
    const token = this.tokens[this.position];
    this.position++;
    return token;
  }

  private unexpected(token: Token | undefined): SoqlError {
    if (!token) return malformed(this.query, this.query.length, 'unexpected end of query');
    const text = token.kind === 'string' ? `'${token.text}'` : token.text;
    return malformed(this.query, token.column - 1, `unexpected token: '${text}'`);
  }
}

function checkLiteralType(query: string, path: FieldPath, literal: Literal, token: Token): void {
  if (literal.kind === 'null') return;
  const name = path.segments.join('.');
  const type = path.field.type;
  if (type === 'boolean' && literal.kind !== 'boolean') {
    throw new SoqlError(
      'INVALID_FIELD',
      errorText(
        query,
        token.column,
        `value of filter criterion for field '${name}' must be of type boolean and should not be enclosed in quotes`,
      ),
    );
  }
  if (type === 'double' && literal.kind !== 'number') {
    throw new SoqlError(
      'INVALID_FIELD',
      errorText(
        query,
        token.column,
        `value of filter criterion for field '${name}' must be of type double and should not be enclosed in quotes`,
      ),
    );
  }
  if (type === 'datetime' || type === 'date') {
    // Date literals are outside the subset.
    throw malformed(query, token.column - 1, `unexpected token: '${token.text}'`);
  }
  if ((type === 'string' || type === 'id' || type === 'reference') && literal.kind !== 'string') {
    throw new SoqlError(
      'INVALID_FIELD',
      errorText(
        query,
        token.column,
        `value of filter criterion for field '${name}' must be of type ${type === 'string' ? 'string' : 'id'} and should be enclosed in quotes`,
      ),
    );
  }
  if (
    (type === 'id' || type === 'reference') &&
    literal.kind === 'string' &&
    !/^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/.test(literal.value)
  ) {
    throw new SoqlError(
      'INVALID_QUERY_FILTER_OPERATOR',
      errorText(query, token.column, `invalid ID field: ${literal.value}`),
    );
  }
}

function valueAt(path: FieldPath, row: Row, store: OrgStore): unknown {
  if (path.segments.length === 1) return row[path.segments[0]] ?? null;
  const related = relatedRow(path, row, store);
  return related ? (related[path.segments[1]] ?? null) : null;
}

function relatedRow(path: FieldPath, row: Row, store: OrgStore): Row | undefined {
  if (!path.relationship) return undefined;
  const foreignKey = row[path.relationship.foreignKey];
  if (typeof foreignKey !== 'string') return undefined;
  return path.relationship.target
    .rows(store)
    .find((candidate) => typeof candidate.Id === 'string' && sameId(candidate.Id, foreignKey));
}

function test(condition: Condition, actual: unknown): boolean {
  const equal = condition.literals.some((literal) => equals(condition.path.field, actual, literal));
  return condition.operator === '!=' ? !equal : equal;
}

function equals(field: FieldDef, actual: unknown, literal: Literal): boolean {
  if (literal.kind === 'null') return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (literal.kind === 'string') {
    if (field.type === 'id' || field.type === 'reference') return sameId(String(actual), literal.value);
    return String(actual).toLowerCase() === literal.value.toLowerCase();
  }
  return actual === literal.value;
}

function compare(a: unknown, b: unknown, descending: boolean, nullsLast: boolean): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) {
    if (aNull && bNull) return 0;
    return aNull === nullsLast ? 1 : -1;
  }
  let order: number;
  if (typeof a === 'string' && typeof b === 'string') order = a.toLowerCase().localeCompare(b.toLowerCase());
  else order = (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return descending ? -order : order;
}

function toRecord(compiled: CompiledQuery, row: Row, store: OrgStore, apiVersion: string): Row {
  const record: Row = { attributes: attributes(compiled.object.name, row, apiVersion) };
  for (const path of compiled.select) {
    if (path.segments.length === 1) {
      record[path.segments[0]] = row[path.segments[0]] ?? null;
      continue;
    }
    const [relationshipName, fieldName] = path.segments;
    const related = relatedRow(path, row, store);
    if (!related) {
      record[relationshipName] = null;
      continue;
    }
    const target = (path.relationship as { target: ObjectDef }).target;
    const nested = (record[relationshipName] as Row | null | undefined) ?? {
      attributes: attributes(target.name, related, apiVersion),
    };
    nested[fieldName] = related[fieldName] ?? null;
    record[relationshipName] = nested;
  }
  return record;
}

function attributes(type: string, row: Row, apiVersion: string): { type: string; url?: string } {
  return typeof row.Id === 'string'
    ? { type, url: `/services/data/v${apiVersion}/sobjects/${type}/${row.Id}` }
    : { type };
}

function malformed(query: string, index: number, text: string): SoqlError {
  return new SoqlError('MALFORMED_QUERY', errorText(query, index + 1, text));
}

function errorText(query: string, column: number, text: string): string {
  const firstLine = query.split('\n')[0];
  return `\n${firstLine}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n${text}`;
}
