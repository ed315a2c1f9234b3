// The example request: examples/crypto-lending.json at the repository root when it exists,
// otherwise the small valid request in test/data/example-request.json (one WETH asset, linear
// depth, two loan buckets, 2,000 scenarios).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRequestFile, type QuoteCoverRequest } from '../src/index.js';
import { REPO_ROOT } from './server.js';

export const EXAMPLE_FILE = path.join(REPO_ROOT, 'examples/crypto-lending.json');
export const BUILT_IN_FILE = path.resolve(__dirname, '../../test/data/example-request.json');

/** The request file the tests use. */
export function exampleFile(): string {
  return fs.existsSync(EXAMPLE_FILE) ? EXAMPLE_FILE : BUILT_IN_FILE;
}

/** A fresh copy of the example QuoteCoverRequest (proto3 JSON shape, lowerCamelCase). */
export function exampleRequest(): { request: QuoteCoverRequest; source: string } {
  const file = exampleFile();
  return { request: readRequestFile(file, 'QuoteCoverRequest') as QuoteCoverRequest, source: file };
}
