/**
 * Completed transactions' files, from the OneSpan answers fixture the Apex tests read too
 * (force-app/main/default/staticresources/OssOneSpanApiFixtures.json, documents.md A1–A3):
 *   GET /api/packages/{id}/documents/{documentId}/pdf   application/octet-stream, the signed PDF
 *   GET /api/packages/{id}/documents/zip                application/zip, every document of the package
 *   GET /api/packages/{id}/evidence/summary             application/pdf
 * A document whose declared `size` is larger than its fixture PDF is padded to that size when served
 * (a PDF reader ignores bytes after %%EOF), so a 15 MB case costs nothing in the repository.
 * Whether the real zip holds the consent document or the evidence summary is unconfirmed; the
 * emulator's zip holds the documents of `documents[]` only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import type { OutgoingResponse } from '../http';
import { ossErrorBody } from './errors';

const FIXTURES_PATH = resolve(__dirname, '../../../force-app/main/default/staticresources/OssOneSpanApiFixtures.json');

interface FixtureDocument {
  id: string;
  name: string;
  size?: number;
  [field: string]: unknown;
}

export interface FixtureCase {
  case: string;
  package: { id: string; name: string; documents: FixtureDocument[]; [field: string]: unknown };
  documentPdfs: Record<string, string>;
  evidenceSummaryPdf: string;
}

interface FixtureError {
  status: number;
  body: Record<string, unknown>;
}

export interface OneSpanFixtures {
  packages: FixtureCase[];
  errors: { unauthorized: FixtureError; packageNotFound: FixtureError; documentNotFound: FixtureError };
}

let cached: OneSpanFixtures | undefined;

export function loadFixtures(): OneSpanFixtures {
  cached ??= JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as OneSpanFixtures;
  return cached;
}

export function fixtureCase(name: string): FixtureCase {
  const found = loadFixtures().packages.find((entry) => entry.case === name);
  if (!found) {
    const known = loadFixtures()
      .packages.map((entry) => entry.case)
      .join(', ');
    throw new Error(`no OneSpan fixture case "${name}" (known: ${known})`);
  }
  return found;
}

/** The files of one completed package: base64 PDFs by document id, and the evidence summary. */
export interface PackageFiles {
  documents: FixtureDocument[];
  documentPdfs: Record<string, string>;
  evidenceSummaryPdf: string;
}

export function fixtureError(name: keyof OneSpanFixtures['errors'], message?: string): OutgoingResponse {
  const error = loadFixtures().errors[name];
  const body = message ? { ...error.body, technical: message } : error.body;
  return {
    status: error.status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
    body: JSON.stringify(body),
  };
}

/** The PDF bytes of a document, padded to its declared size. */
export function documentBytes(files: PackageFiles, documentId: string): Buffer | undefined {
  const base64 = files.documentPdfs[documentId];
  const document = files.documents.find((entry) => entry.id === documentId);
  if (base64 === undefined || !document) return undefined;
  const pdf = Buffer.from(base64, 'base64');
  const size = typeof document.size === 'number' ? document.size : pdf.length;
  if (size <= pdf.length) return pdf;
  const padded = Buffer.alloc(size, 0x20);
  pdf.copy(padded);
  return padded;
}

export function pdfResponse(bytes: Buffer, contentType: string): OutgoingResponse {
  return { status: 200, headers: { 'Content-Type': contentType }, body: bytes };
}

export function documentNotFound(documentId: string): OutgoingResponse {
  return fixtureError('documentNotFound', `No document with id ${documentId}.`);
}

export function notCompleted(packageId: string, status: unknown): OutgoingResponse {
  return {
    status: 400,
    headers: { 'Content-Type': 'application/json;charset=UTF-8' },
    body: JSON.stringify(
      ossErrorBody(
        400,
        'error.validation.packageNotCompleted',
        `The emulator serves documents of completed packages only; ${packageId} is ${String(status)}.`,
      ),
    ),
  };
}

/** A zip (stored, no compression) of every document of the package, named "<document name>.pdf". */
export function zipOf(files: PackageFiles): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const document of files.documents) {
    const data = documentBytes(files, document.id);
    if (!data) continue;
    const name = Buffer.from(`${document.name}.pdf`, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
