/**
 * Packages (transactions) of the OneSpan account, JSON only (onespan.md §6): POST /api/packages
 * -> 200 {"id"}, GET /api/packages/{id} -> the package, DELETE -> 200 with no body. Ids look like
 * OneSpan's (28 characters of URL-safe base64 ending in "="). Only DRAFT packages are emulated:
 * sending would fire further events (PACKAGE_ACTIVATE, e-mails) the emulator does not model, so
 * another status is refused rather than half-emulated. Multipart creation (documents) is not
 * emulated either (415).
 */
import { randomBytes } from 'node:crypto';
import { json, type OutgoingResponse } from '../http';
import { ossError, parseJsonObject } from './errors';

export interface StoredPackage {
  id: string;
  [field: string]: unknown;
}

export type PackageEvent = (name: 'PACKAGE_CREATE' | 'PACKAGE_DELETE', pkg: StoredPackage) => void;

export class PackageStore {
  private readonly packages = new Map<string, StoredPackage>();

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

  public get(id: string): OutgoingResponse {
    const pkg = this.packages.get(id);
    return pkg ? json(200, pkg) : notFound(id);
  }

  public delete(id: string): OutgoingResponse {
    const pkg = this.packages.get(id);
    if (!pkg) return notFound(id);
    this.packages.delete(id);
    this.onEvent('PACKAGE_DELETE', pkg);
    return { status: 200, headers: {}, body: '' };
  }
}

function notFound(id: string): OutgoingResponse {
  return ossError(404, 'error.notFound.packageNotFound', `No package with id ${id}.`);
}
