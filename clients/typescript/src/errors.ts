// BackstopError: a gRPC failure with its google.rpc details decoded.
import * as grpc from '@grpc/grpc-js';
import { rpcTypes } from './protos.js';

/** One bad field of a request, from the google.rpc.BadRequest detail. */
export interface FieldViolation {
  /** Proto path of the field, e.g. `exposure.assets[0].price_usd`. */
  field: string;
  /** What is wrong and what is allowed. */
  description: string;
}

/** gRPC status names by code number (0 OK ... 16 UNAUTHENTICATED). */
export type StatusName = keyof typeof grpc.status;

const STATUS_NAMES: Record<number, StatusName> = Object.fromEntries(
  Object.entries(grpc.status)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v as number, k as StatusName]),
);

/** The name of a gRPC status code, e.g. 3 -> "INVALID_ARGUMENT". */
export function statusName(code: number): StatusName {
  return STATUS_NAMES[code] ?? 'UNKNOWN';
}

const DETAILS_TRAILER = 'grpc-status-details-bin';
const BAD_REQUEST_URL = 'type.googleapis.com/google.rpc.BadRequest';
const RETRY_INFO_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/** Every failed call of BackstopClient rejects with this. */
export class BackstopError extends Error {
  override readonly name = 'BackstopError';
  /** gRPC status name: INVALID_ARGUMENT, UNIMPLEMENTED, DEADLINE_EXCEEDED, ... */
  readonly code: StatusName;
  /** Numeric gRPC status code. */
  readonly grpcCode: number;
  /** One entry per bad field (INVALID_ARGUMENT); empty otherwise. */
  readonly fieldViolations: FieldViolation[];
  /** How long to wait before retrying (RESOURCE_EXHAUSTED with google.rpc.RetryInfo), ms. */
  readonly retryDelayMs: number | undefined;
  /** Trailing metadata of the failed call, when there was a call. */
  readonly metadata: grpc.Metadata | undefined;

  constructor(
    code: number,
    message: string,
    options: {
      fieldViolations?: FieldViolation[];
      retryDelayMs?: number;
      metadata?: grpc.Metadata;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.grpcCode = code;
    this.code = statusName(code);
    this.fieldViolations = options.fieldViolations ?? [];
    this.retryDelayMs = options.retryDelayMs;
    this.metadata = options.metadata;
  }

  /** Converts what grpc-js hands a callback or 'error' listener. Idempotent. */
  static from(err: unknown): BackstopError {
    if (err instanceof BackstopError) return err;
    const e = err as Partial<grpc.ServiceError> | undefined;
    if (!e || typeof e.code !== 'number') {
      return new BackstopError(grpc.status.UNKNOWN, String((err as Error)?.message ?? err), { cause: err });
    }
    const decoded = decodeDetails(e.metadata);
    // grpc-js's message is "<code> <NAME>: <details>"; the server's own words are in details.
    const message = decoded.message || e.details || e.message || statusName(e.code);
    return new BackstopError(e.code, message, {
      fieldViolations: decoded.fieldViolations,
      retryDelayMs: decoded.retryDelayMs,
      metadata: e.metadata,
      cause: err,
    });
  }

  override toString(): string {
    const fields = this.fieldViolations.map((v) => `\n  ${v.field}: ${v.description}`).join('');
    return `BackstopError ${this.code}: ${this.message}${fields}`;
  }
}

interface DecodedDetails {
  message?: string;
  fieldViolations: FieldViolation[];
  retryDelayMs?: number;
}

/** Decodes google.rpc.Status from the grpc-status-details-bin trailer, if present. */
export function decodeDetails(metadata: grpc.Metadata | undefined): DecodedDetails {
  const out: DecodedDetails = { fieldViolations: [] };
  const raw = metadata?.get(DETAILS_TRAILER)?.[0];
  if (!raw) return out;
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
  return decodeStatusBytes(bytes);
}

/** Decodes serialized google.rpc.Status bytes into the parts BackstopError carries. */
export function decodeStatusBytes(bytes: Uint8Array): DecodedDetails {
  const out: DecodedDetails = { fieldViolations: [] };
  const types = rpcTypes();
  const status = types.status.toObject(types.status.decode(bytes), { defaults: true }) as {
    message: string;
    // protobufjs's bundled google.protobuf.Any keeps its snake_case field names.
    details: { type_url?: string; typeUrl?: string; value: Uint8Array }[];
  };
  out.message = status.message || undefined;
  for (const any of status.details ?? []) {
    const typeUrl = any.type_url ?? any.typeUrl;
    if (typeUrl === BAD_REQUEST_URL) {
      const br = types.badRequest.toObject(types.badRequest.decode(any.value), { defaults: true }) as {
        fieldViolations: { field: string; description: string }[];
      };
      for (const v of br.fieldViolations) {
        out.fieldViolations.push({ field: v.field, description: v.description });
      }
    } else if (typeUrl === RETRY_INFO_URL) {
      const ri = types.retryInfo.toObject(types.retryInfo.decode(any.value), {
        defaults: true,
        longs: Number,
      }) as { retryDelay?: { seconds: number; nanos: number } | null };
      if (ri.retryDelay) {
        out.retryDelayMs = ri.retryDelay.seconds * 1000 + Math.round(ri.retryDelay.nanos / 1e6);
      }
    }
  }
  return out;
}
