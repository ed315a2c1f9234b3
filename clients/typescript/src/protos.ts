// Loading of the .proto files: the Backstop contract (the repository's proto/ tree, or the copy in
// this package's proto/ made at build) and the standard definitions this package ships (health,
// reflection, google.rpc).
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';

/** The package root (the folder holding package.json), from dist/src or src. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/**
 * This package's own proto folder: grpc.health.v1, grpc.reflection.v1, google.rpc subsets, and
 * backstop/v1, which `npm run build` copies from the repository so that a packed or vendored
 * copy of the package (outside the repository) carries its contract.
 */
export const PACKAGE_PROTO_DIR = path.join(PACKAGE_ROOT, 'proto');

/** The contract's entry file, relative to a proto folder. */
const CONTRACT_FILE = 'backstop/v1/pricing_service.proto';

/** The repository's proto/src/main/proto, two levels above this package. */
const REPOSITORY_PROTO_DIR = path.resolve(PACKAGE_ROOT, '../../proto/src/main/proto');

/**
 * Where the backstop.v1 .proto files are read from by default: the BACKSTOP_PROTO_DIR
 * environment variable; else the repository's proto/src/main/proto when the package is used
 * inside the repository; else the copy in this package's proto/ made at build time. The
 * `protoDir` option of connect() overrides all three.
 */
export function defaultProtoDir(): string {
  if (process.env.BACKSTOP_PROTO_DIR) return process.env.BACKSTOP_PROTO_DIR;
  return fs.existsSync(path.join(REPOSITORY_PROTO_DIR, CONTRACT_FILE)) ? REPOSITORY_PROTO_DIR : PACKAGE_PROTO_DIR;
}

/**
 * proto-loader options: lowerCamelCase field names as in the proto3 JSON mapping, 64-bit
 * integers as strings, enums by name, defaults filled in, and a virtual field naming the set
 * member of each oneof.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'proto'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`@backstop/client: cannot find the package root above ${start}`);
    }
    dir = parent;
  }
}

/** The gRPC service constructors this client uses. */
export interface ServiceConstructors {
  pricing: grpc.ServiceClientConstructor;
  health: grpc.ServiceClientConstructor;
  reflection: grpc.ServiceClientConstructor;
}

const constructorCache = new Map<string, ServiceConstructors>();

/** Loads (once per proto folder) the service definitions. */
export function loadServices(protoDir: string = defaultProtoDir()): ServiceConstructors {
  const cached = constructorCache.get(protoDir);
  if (cached) return cached;
  const contract = path.join(protoDir, CONTRACT_FILE);
  if (!fs.existsSync(contract)) {
    throw new Error(
      `@backstop/client: ${contract} not found; pass connect(target, {protoDir}) or set ` +
        'BACKSTOP_PROTO_DIR to the folder that holds backstop/v1/*.proto',
    );
  }
  const definition = protoLoader.loadSync(
    [CONTRACT_FILE, 'grpc/health/v1/health.proto', 'grpc/reflection/v1/reflection.proto'],
    { ...LOADER_OPTIONS, includeDirs: [protoDir, PACKAGE_PROTO_DIR] },
  );
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    backstop: { v1: { PricingService: grpc.ServiceClientConstructor } };
    grpc: {
      health: { v1: { Health: grpc.ServiceClientConstructor } };
      reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } };
    };
  };
  const result: ServiceConstructors = {
    pricing: loaded.backstop.v1.PricingService,
    health: loaded.grpc.health.v1.Health,
    reflection: loaded.grpc.reflection.v1.ServerReflection,
  };
  constructorCache.set(protoDir, result);
  return result;
}

let rpcRoot: protobuf.Root | undefined;

/** google.rpc.Status, BadRequest and RetryInfo, for decoding grpc-status-details-bin. */
export function rpcTypes(): { status: protobuf.Type; badRequest: protobuf.Type; retryInfo: protobuf.Type } {
  if (!rpcRoot) {
    const root = new protobuf.Root();
    // google/protobuf/{any,duration}.proto come with protobufjs; the rest from this package.
    root.resolvePath = (_origin, target) =>
      target.startsWith('google/protobuf/') ? target : path.join(PACKAGE_PROTO_DIR, target);
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: false });
    root.resolveAll();
    rpcRoot = root;
  }
  const root = rpcRoot;
  return {
    status: root.lookupType('google.rpc.Status'),
    badRequest: root.lookupType('google.rpc.BadRequest'),
    retryInfo: root.lookupType('google.rpc.RetryInfo'),
  };
}
