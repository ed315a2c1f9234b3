// BackstopClient: promise-based calls of backstop.v1.PricingService, plus health and reflection.
import * as grpc from '@grpc/grpc-js';
import { BackstopError } from './errors.js';
import { loadServices } from './protos.js';
import type { GetModelInfoResponse__Output } from './gen/backstop/v1/GetModelInfoResponse';
import type { QuoteCoverRequest } from './gen/backstop/v1/QuoteCoverRequest';
import type { QuoteCoverResponse__Output } from './gen/backstop/v1/QuoteCoverResponse';
import type { StreamQuoteCoverResponse__Output } from './gen/backstop/v1/StreamQuoteCoverResponse';
import type { QuoteProgress__Output } from './gen/backstop/v1/QuoteProgress';
import type { AssessCollateralRequest } from './gen/backstop/v1/AssessCollateralRequest';
import type { AssessCollateralResponse__Output } from './gen/backstop/v1/AssessCollateralResponse';
import type { StressTestRequest } from './gen/backstop/v1/StressTestRequest';
import type { StressTestResponse__Output } from './gen/backstop/v1/StressTestResponse';

/** TLS material, PEM (Buffer or string). `tls: {}` uses the system's root certificates. */
export interface TlsOptions {
  /** Root certificate(s) that signed the server's certificate. */
  ca?: Buffer | string;
  /** Client certificate chain, for mutual TLS (with `key`). */
  cert?: Buffer | string;
  /** Client private key, for mutual TLS (with `cert`). */
  key?: Buffer | string;
}

export interface ConnectOptions {
  /** TLS; absent: plaintext (h2c), as the server listens inside a cluster. */
  tls?: TlsOptions;
  /** Folder holding backstop/v1/*.proto; default: the repository's proto/src/main/proto. */
  protoDir?: string;
  /** Deadline applied to every call that gives none, ms. Absent: no deadline. */
  defaultDeadlineMs?: number;
  /** grpc-js channel options, e.g. 'grpc.service_config' for round-robin balancing. */
  channelOptions?: grpc.ChannelOptions;
}

export interface CallOptions {
  /** Deadline of this call, ms from now. */
  deadlineMs?: number;
  /** Extra request metadata (headers). */
  metadata?: grpc.Metadata;
  /**
   * Cancels the call when it aborts: the call rejects with a BackstopError CANCELLED and the
   * server stops its simulation. Already aborted: the call rejects without being started.
   */
  signal?: AbortSignal;
}

/** Health status names of grpc.health.v1.HealthCheckResponse.ServingStatus. */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

function toBuffer(v: Buffer | string | undefined): Buffer | null {
  if (v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v) : v;
}

/** Opens a channel to a Backstop server, e.g. `connect('localhost:9000')` or `connect('dns:///backstop:9000')`. */
export function connect(target: string, options: ConnectOptions = {}): BackstopClient {
  return new BackstopClient(target, options);
}

/** What close() and an AbortSignal need of a call of any kind (unary or streaming). */
interface CancellableCall {
  cancel(): void;
  on(event: 'status', listener: () => void): unknown;
}

/** A call in flight, and why this client cancelled it (undefined while it has not). */
interface LiveCall {
  call: CancellableCall;
  cancelledBecause?: string;
}

type Unary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, value?: unknown) => void,
) => grpc.ClientUnaryCall;

export class BackstopClient {
  private readonly pricing: grpc.Client;
  private readonly healthClient: grpc.Client;
  private readonly reflectionClient: grpc.Client;
  private readonly defaultDeadlineMs: number | undefined;
  /** Calls started and not yet ended, which close() cancels. */
  private readonly live = new Set<LiveCall>();

  constructor(target: string, options: ConnectOptions = {}) {
    const services = loadServices(options.protoDir);
    const t = options.tls;
    const credentials = t
      ? grpc.credentials.createSsl(toBuffer(t.ca), toBuffer(t.key), toBuffer(t.cert))
      : grpc.credentials.createInsecure();
    this.pricing = new services.pricing(target, credentials, options.channelOptions);
    // The three service stubs share one channel (one HTTP/2 connection per backend).
    const channelOverride = this.pricing.getChannel();
    this.healthClient = new services.health(target, credentials, { channelOverride });
    this.reflectionClient = new services.reflection(target, credentials, { channelOverride });
    this.defaultDeadlineMs = options.defaultDeadlineMs;
  }

  /** Model version, per-class defaults, request limits and the RPCs that return real results. */
  modelInfo(options?: CallOptions): Promise<GetModelInfoResponse__Output> {
    return this.unary(this.pricing, 'getModelInfo', {}, options);
  }

  /** Prices a cover layer. */
  quote(request: QuoteCoverRequest, options?: CallOptions): Promise<QuoteCoverResponse__Output> {
    return this.unary(this.pricing, 'quoteCover', request, options);
  }

  /**
   * As quote(), reporting progress events to `onProgress` while the simulation runs; resolves
   * with the final result message (the response quote() gives for the same request). An
   * exception thrown by `onProgress` cancels the call, which rejects with that exception as it
   * was thrown.
   */
  streamQuote(
    request: QuoteCoverRequest,
    onProgress?: (progress: QuoteProgress__Output) => void,
    options?: CallOptions,
  ): Promise<QuoteCoverResponse__Output> {
    const notStarted = this.abortedBeforeStart(options);
    if (notStarted) return Promise.reject(notStarted);
    return new Promise((resolve, reject) => {
      const call = (this.pricing as unknown as Record<string, Function>).streamQuoteCover.call(
        this.pricing,
        request,
        options?.metadata ?? new grpc.Metadata(),
        this.callOptions(options),
      ) as grpc.ClientReadableStream<StreamQuoteCoverResponse__Output>;
      const live = this.track(call, options?.signal);
      let result: QuoteCoverResponse__Output | undefined;
      let failed = false;
      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        call.cancel();
        reject(err);
      };
      call.on('data', (event: StreamQuoteCoverResponse__Output) => {
        if (event.event === 'progress' && event.progress) {
          if (result !== undefined) {
            fail(new BackstopError(grpc.status.INTERNAL, 'StreamQuoteCover sent a progress event after its result'));
            return;
          }
          try {
            onProgress?.(event.progress);
          } catch (e) {
            fail(e); // the caller's own exception, not a gRPC failure: passed on as it is
          }
        } else if (event.event === 'result' && event.result) {
          if (result !== undefined) {
            fail(new BackstopError(grpc.status.INTERNAL, 'StreamQuoteCover sent more than one result'));
            return;
          }
          result = event.result;
        }
      });
      call.on('error', (err) => fail(failure(err, live)));
      call.on('end', () => {
        if (failed) return;
        if (result === undefined) {
          fail(new BackstopError(grpc.status.INTERNAL, 'StreamQuoteCover ended without a result'));
        } else {
          resolve(result);
        }
      });
    });
  }

  /** Risk-adjusted collateral parameters per asset. */
  assessCollateral(
    request: AssessCollateralRequest,
    options?: CallOptions,
  ): Promise<AssessCollateralResponse__Output> {
    return this.unary(this.pricing, 'assessCollateral', request, options);
  }

  /** Deterministic what-if: the cascade after the given shocks, round by round. */
  stress(request: StressTestRequest, options?: CallOptions): Promise<StressTestResponse__Output> {
    return this.unary(this.pricing, 'stressTest', request, options);
  }

  /** grpc.health.v1.Health/Check: '' for the server as a whole, or a service name. */
  async health(service = '', options?: CallOptions): Promise<ServingStatus> {
    const r = await this.unary<{ status: ServingStatus }>(this.healthClient, 'check', { service }, options);
    return r.status;
  }

  /** Names of the services the server offers, by server reflection (grpc.reflection.v1). */
  listServices(options?: CallOptions): Promise<string[]> {
    const notStarted = this.abortedBeforeStart(options);
    if (notStarted) return Promise.reject(notStarted);
    return new Promise((resolve, reject) => {
      const call = (this.reflectionClient as unknown as Record<string, Function>).serverReflectionInfo.call(
        this.reflectionClient,
        options?.metadata ?? new grpc.Metadata(),
        this.callOptions(options),
      ) as grpc.ClientDuplexStream<unknown, ReflectionResponse>;
      const live = this.track(call, options?.signal);
      let names: string[] | undefined;
      let error: BackstopError | undefined;
      call.on('data', (r: ReflectionResponse) => {
        if (r.messageResponse === 'listServicesResponse' && r.listServicesResponse) {
          names = r.listServicesResponse.service.map((s) => s.name);
        } else if (r.messageResponse === 'errorResponse' && r.errorResponse) {
          error = new BackstopError(r.errorResponse.errorCode, r.errorResponse.errorMessage);
        }
        call.end();
      });
      call.on('error', (err) => reject(failure(err, live)));
      call.on('end', () => {
        if (error) reject(error);
        else if (names) resolve(names);
        else reject(new BackstopError(grpc.status.INTERNAL, 'server reflection answered nothing'));
      });
      call.write({ listServices: '' });
    });
  }

  /** The underlying grpc-js channel (connectivity state, tracing). */
  channel(): grpc.Channel {
    return this.pricing.getChannel() as grpc.Channel;
  }

  /**
   * Cancels the calls in flight (each rejects with a BackstopError CANCELLED) and closes the
   * channel. grpc-js's own close() lets calls in flight run to their end, so they are
   * cancelled here first.
   */
  close(): void {
    for (const live of this.live) {
      live.cancelledBecause ??= 'cancelled: the client was closed';
      live.call.cancel();
    }
    this.live.clear();
    this.pricing.close();
  }

  private callOptions(options?: CallOptions): grpc.CallOptions {
    const ms = options?.deadlineMs ?? this.defaultDeadlineMs;
    return ms === undefined ? {} : { deadline: Date.now() + ms };
  }

  /**
   * Registers a started call until its status arrives: close() cancels it, and so does `signal`
   * when it aborts. The returned entry says whether this client cancelled it, and why.
   */
  private track(call: CancellableCall, signal: AbortSignal | undefined): LiveCall {
    const live: LiveCall = { call };
    const onAbort = () => {
      live.cancelledBecause ??= 'cancelled by the caller (AbortSignal)';
      call.cancel();
    };
    this.live.add(live);
    signal?.addEventListener('abort', onAbort, { once: true });
    call.on('status', () => {
      this.live.delete(live);
      signal?.removeEventListener('abort', onAbort);
    });
    return live;
  }

  /** The rejection of a call whose signal aborted before it started; undefined otherwise. */
  private abortedBeforeStart(options: CallOptions | undefined): BackstopError | undefined {
    const signal = options?.signal;
    if (!signal?.aborted) return undefined;
    return new BackstopError(grpc.status.CANCELLED, 'cancelled by the caller (AbortSignal) before the call started', {
      cause: signal.reason,
    });
  }

  private unary<T>(client: grpc.Client, method: string, request: unknown, options?: CallOptions): Promise<T> {
    const notStarted = this.abortedBeforeStart(options);
    if (notStarted) return Promise.reject(notStarted);
    const fn = (client as unknown as Record<string, Unary>)[method];
    return new Promise<T>((resolve, reject) => {
      const call = fn.call(
        client,
        request,
        options?.metadata ?? new grpc.Metadata(),
        this.callOptions(options),
        (err, value) => {
          if (err) reject(failure(err, live));
          else resolve(value as T);
        },
      );
      const live = this.track(call, options?.signal);
    });
  }
}

/**
 * A failed call as a BackstopError; a CANCELLED one that this client cancelled says why (closed,
 * aborted) instead of grpc-js's "Cancelled on client".
 */
function failure(err: unknown, live: LiveCall): BackstopError {
  const e = BackstopError.from(err);
  if (e.code !== 'CANCELLED' || live.cancelledBecause === undefined) return e;
  return new BackstopError(grpc.status.CANCELLED, live.cancelledBecause, { metadata: e.metadata, cause: err });
}

interface ReflectionResponse {
  messageResponse?: string;
  listServicesResponse?: { service: { name: string }[] } | null;
  errorResponse?: { errorCode: number; errorMessage: string } | null;
}
