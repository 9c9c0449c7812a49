/**
 * Packages (transactions) of the OneSpan account, JSON only (onespan.md §6): POST /api/packages
 * -> 200 {"id"}, GET /api/packages/{id} -> the package, DELETE -> 200 with no body. Ids look like
 * OneSpan's (28 characters of URL-safe base64 ending in "="). Only DRAFT packages can be created over
 * the API: sending would fire further events (PACKAGE_ACTIVATE, e-mails) the emulator does not model,
 * so another status is refused rather than half-emulated. Multipart creation (documents) is not
 * emulated either (415). Packages that signers finished are set up by the test through `seed` and
 * `finish` (extras), since signing is not emulated.
 *
 * Listing (documents.md A4): GET /api/packages?query=<STATUS>&from=<n>&to=<m> -> {"count", "results"},
 * 1-based with an inclusive `to` as the Java and .NET SDKs page (`from + pageSize <= count`), at most
 * `pageCap` results (100 by default, the SDKs' MAX_PAGE_SIZE; whether the server caps is unconfirmed).
 * The date filter is on the last update, inclusive, in `yyyy-MM-dd'T'HH:mm:ss'Z'`; which parameter
 * names the real server honours is unconfirmed (SDK templates: startDate/endDate; OpenAPI and the node
 * SDK: lastUpdatedStartDate/lastUpdatedEndDate), so the emulator honours the pair it is told to and
 * ignores the other, as a server ignores unknown query parameters. `sort` (created, completed, updated,
 * due, name, status) and `dir` (asc, desc; default asc) order the results as the OpenAPI documents them;
 * without `sort` results are newest update first (the real default order, and whether the server
 * honours `sort`, are unconfirmed: `ignoreSort` answers newest update first whatever is asked). A `query`
 * that is not a status is refused (folders are not emulated). `ignoreStatus` answers every status
 * whatever `query` asks, for clients that must not trust the filter (the status of each package is its
 * own).
 *
 * A package also reaches COMPLETED through two more extras for archiving: a fixture case added as an
 * account's past transaction (`addFixture`), or `complete`, which fires PACKAGE_COMPLETE as the last
 * signature would; the files of such packages come from the shared fixtures (documents.ts).
 */
import { randomBytes } from 'node:crypto';
import { json, type OutgoingResponse } from '../http';
import {
  documentBytes,
  documentNotFound,
  fixtureCase,
  fixtureError,
  notCompleted,
  pdfResponse,
  zipOf,
  type PackageFiles,
} from './documents';
import { parseJsonObject, ossError } from './errors';

export interface StoredPackage {
  id: string;
  [field: string]: unknown;
}

/** Extra: a fixture transaction with another name or status (e.g. a long name, or SENT with its documents). */
export interface FixtureOverrides {
  name?: string;
  status?: PackageStatus;
}

export type PackageEvent = (name: string, pkg: StoredPackage) => void;

export const PACKAGE_STATUSES = ['DRAFT', 'SENT', 'COMPLETED', 'ARCHIVED', 'DECLINED', 'OPTED_OUT', 'EXPIRED'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];

/** The event OneSpan fires when a package reaches each final status (onespan.md §2). */
const FINISH_EVENTS: Partial<Record<PackageStatus, string>> = {
  COMPLETED: 'PACKAGE_COMPLETE',
  DECLINED: 'PACKAGE_DECLINE',
  EXPIRED: 'PACKAGE_EXPIRE',
  OPTED_OUT: 'PACKAGE_OPT_OUT',
};

/** Which pair of date parameters the listing honours; the other pair is ignored. */
export type ListingDateParameters = 'startDate/endDate' | 'lastUpdatedStartDate/lastUpdatedEndDate' | 'none';

export interface ListingOptions {
  dateParameters: ListingDateParameters;
  pageCap: number;
  ignoreSort: boolean;
  ignoreStatus: boolean;
}

const SORT_FIELDS = ['created', 'completed', 'updated', 'due', 'name', 'status'];

export interface SeedPackage {
  status?: PackageStatus;
  name?: string;
  data?: Record<string, unknown>;
  /** ISO timestamps; `updated` defaults to `completed`, then to now. */
  created?: string;
  updated?: string;
  completed?: string;
}

const DEFAULT_PAGE_SIZE = 10;
const DATE_PARAMETER = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export class PackageStore {
  private readonly packages = new Map<string, StoredPackage>();
  private readonly files = new Map<string, PackageFiles>();

  public constructor(
    private readonly senderId: string,
    private readonly onEvent: PackageEvent,
  ) {}

  public create(body: string, contentType: string | undefined): OutgoingResponse {
    if (contentType && !contentType.toLowerCase().startsWith('application/json')) {
      return ossError(
        415,
        'error.unsupportedMediaType',
        'The emulator accepts package JSON only (no multipart documents).',
      );
    }
    const parsed = parseJsonObject(body, 'a package JSON object');
    if (!parsed.ok) {
      return parsed.response;
    }
    const input = parsed.value;
    const status = input.status ?? 'DRAFT';
    if (status !== 'DRAFT') {
      return ossError(
        400,
        'error.validation.packageStatus',
        `The emulator only creates DRAFT packages, not ${String(status)}.`,
      );
    }
    const now = new Date().toISOString();
    const pkg: StoredPackage = {
      ...input,
      id: `${randomBytes(20).toString('base64url')}=`,
      status: 'DRAFT',
      type: input.type ?? 'PACKAGE',
      data: typeof input.data === 'object' && input.data !== null ? input.data : {},
      sender: { id: this.senderId },
      created: now,
      updated: now,
    };
    this.packages.set(pkg.id, pkg);
    this.onEvent('PACKAGE_CREATE', pkg);
    return json(200, { id: pkg.id });
  }

  /** Extra: a package in any status, as if it had been sent and acted on; fires no event. */
  public seed(input: SeedPackage): StoredPackage {
    const now = new Date().toISOString();
    const updated = input.updated ?? input.completed ?? now;
    const pkg: StoredPackage = {
      id: `${randomBytes(20).toString('base64url')}=`,
      name: input.name ?? 'Emulated transaction',
      status: input.status ?? 'DRAFT',
      type: 'PACKAGE',
      data: input.data ?? {},
      sender: { id: this.senderId },
      created: input.created ?? updated,
      updated,
      ...(input.completed ? { completed: input.completed } : {}),
    };
    this.packages.set(pkg.id, pkg);
    return pkg;
  }

  /**
   * Extra: the package reaches a final status at `at` (what signers or the expiry do), and OneSpan
   * fires the matching event to whoever is registered for it.
   */
  public finish(id: string, status: PackageStatus, at: string): StoredPackage {
    const pkg = this.packages.get(id);
    const event = FINISH_EVENTS[status];
    if (!pkg) throw new Error(`no package ${id}`);
    if (!event) throw new Error(`${status} is not a final status with an event`);
    pkg.status = status;
    pkg.updated = at;
    if (status === 'COMPLETED') pkg.completed = at;
    this.onEvent(event, pkg);
    return pkg;
  }

  public list(params: URLSearchParams, options: ListingOptions): OutgoingResponse {
    const query = params.get('query');
    if (query !== null && !(PACKAGE_STATUSES as readonly string[]).includes(query)) {
      return ossError(400, 'error.validation.query', `The emulator lists packages by status only, not "${query}".`);
    }
    const [startName, endName] = options.dateParameters === 'none' ? [] : options.dateParameters.split('/');
    const bounds: number[] = [];
    for (const name of [startName, endName]) {
      const value = name === undefined ? null : params.get(name);
      if (value === null) {
        bounds.push(Number.NaN);
        continue;
      }
      if (!DATE_PARAMETER.test(value)) {
        return ossError(400, 'error.validation.date', `${name} must look like 2018-01-01T12:30:00Z, not "${value}".`);
      }
      bounds.push(Date.parse(value));
    }
    const [start, end] = bounds;
    const from = Math.max(1, integerParam(params.get('from'), 1));
    const to = integerParam(params.get('to'), from + DEFAULT_PAGE_SIZE - 1);
    const size = Math.max(0, Math.min(to - from + 1, options.pageCap));
    const sort = options.ignoreSort ? null : params.get('sort');
    if (sort !== null && !SORT_FIELDS.includes(sort)) {
      return ossError(400, 'error.validation.sort', `sort must be one of ${SORT_FIELDS.join(', ')}, not "${sort}".`);
    }
    const descending = params.get('dir') === 'desc';
    const matching = [...this.packages.values()]
      .filter((pkg) => query === null || options.ignoreStatus || pkg.status === query)
      .filter((pkg) => {
        const updated = Date.parse(String(pkg.updated));
        return (Number.isNaN(start) || updated >= start) && (Number.isNaN(end) || updated <= end);
      })
      .sort(sort === null ? newestUpdateFirst : (a, b) => (descending ? -1 : 1) * compareBy(sort, a, b));
    return json(200, { count: matching.length, results: matching.slice(from - 1, from - 1 + size) });
  }

  public get(id: string): OutgoingResponse {
    const pkg = this.packages.get(id);
    return pkg ? json(200, pkg) : notFound(id);
  }

  public delete(id: string): OutgoingResponse {
    const pkg = this.packages.get(id);
    if (!pkg) return notFound(id);
    this.packages.delete(id);
    this.files.delete(id);
    this.onEvent('PACKAGE_DELETE', pkg);
    return { status: 200, headers: {}, body: '' };
  }

  /** Adds a fixture case as a transaction the account completed earlier (no event: it is history). */
  public addFixture(caseName: string, packageId?: string, overrides: FixtureOverrides = {}): string {
    const fixture = fixtureCase(caseName);
    const pkg = { ...(structuredClone(fixture.package) as StoredPackage), ...overrides };
    if (packageId) pkg.id = packageId;
    this.packages.set(pkg.id, pkg);
    this.files.set(pkg.id, {
      documents: fixture.package.documents,
      documentPdfs: fixture.documentPdfs,
      evidenceSummaryPdf: fixture.evidenceSummaryPdf,
    });
    return pkg.id;
  }

  /**
   * The last signer signs: the package takes the documents of a fixture case, becomes COMPLETED and
   * PACKAGE_COMPLETE goes out through the usual delivery.
   */
  public complete(id: string, documentsFrom: string): void {
    const pkg = this.packages.get(id);
    if (!pkg) throw new Error(`no package ${id}`);
    const fixture = fixtureCase(documentsFrom);
    const now = new Date().toISOString();
    Object.assign(pkg, {
      status: 'COMPLETED',
      documents: structuredClone(fixture.package.documents),
      updated: now,
      completed: now,
    });
    this.files.set(id, {
      documents: fixture.package.documents,
      documentPdfs: fixture.documentPdfs,
      evidenceSummaryPdf: fixture.evidenceSummaryPdf,
    });
    this.onEvent('PACKAGE_COMPLETE', pkg);
  }

  public documentPdf(id: string, documentId: string): OutgoingResponse {
    const found = this.completedFiles(id);
    if ('status' in found) return found;
    const bytes = documentBytes(found, documentId);
    return bytes ? pdfResponse(bytes, 'application/octet-stream') : documentNotFound(documentId);
  }

  public zip(id: string): OutgoingResponse {
    const found = this.completedFiles(id);
    return 'status' in found ? found : pdfResponse(zipOf(found), 'application/zip');
  }

  public evidenceSummary(id: string): OutgoingResponse {
    const found = this.completedFiles(id);
    return 'status' in found ? found : pdfResponse(Buffer.from(found.evidenceSummaryPdf, 'base64'), 'application/pdf');
  }

  private completedFiles(id: string): PackageFiles | OutgoingResponse {
    const pkg = this.packages.get(id);
    if (!pkg) return notFound(id);
    const files = this.files.get(id);
    // A draft's documents are served flattened by OneSpan (documents.md A2); the emulator has none to serve.
    return files ?? notCompleted(id, pkg.status);
  }
}

function newestUpdateFirst(a: StoredPackage, b: StoredPackage): number {
  return Date.parse(String(b.updated)) - Date.parse(String(a.updated)) || a.id.localeCompare(b.id);
}

/** Dates compare as instants, other fields as text; missing values first; ties by id, so pages are stable. */
function compareBy(field: string, a: StoredPackage, b: StoredPackage): number {
  const value = (pkg: StoredPackage): string => (typeof pkg[field] === 'string' ? (pkg[field] as string) : '');
  const dates = ['created', 'completed', 'updated', 'due'].includes(field);
  const order = dates ? (Date.parse(value(a)) || 0) - (Date.parse(value(b)) || 0) : value(a).localeCompare(value(b));
  return order || a.id.localeCompare(b.id);
}

function integerParam(value: string | null, fallback: number): number {
  const parsed = value === null ? Number.NaN : Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? fallback : parsed;
}

function notFound(id: string): OutgoingResponse {
  return fixtureError('packageNotFound', `No package with id ${id}.`);
}
