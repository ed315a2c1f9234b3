// @backstop/client: TypeScript client of backstop.v1.PricingService.
export { connect, BackstopClient } from './client.js';
export type { ConnectOptions, CallOptions, TlsOptions, ServingStatus } from './client.js';
export { BackstopError, statusName, decodeStatusBytes } from './errors.js';
export type { FieldViolation, StatusName } from './errors.js';
export { checkRequest, readRequestFile } from './requests.js';
export { defaultProtoDir, LOADER_OPTIONS } from './protos.js';
export type { QuoteCoverRequest } from './gen/backstop/v1/QuoteCoverRequest';
export type { QuoteCoverResponse__Output as QuoteCoverResponse } from './gen/backstop/v1/QuoteCoverResponse';
export type { QuoteProgress__Output as QuoteProgress } from './gen/backstop/v1/QuoteProgress';
export type { AssessCollateralRequest } from './gen/backstop/v1/AssessCollateralRequest';
export type { AssessCollateralResponse__Output as AssessCollateralResponse } from './gen/backstop/v1/AssessCollateralResponse';
export type { StressTestRequest } from './gen/backstop/v1/StressTestRequest';
export type { StressTestResponse__Output as StressTestResponse } from './gen/backstop/v1/StressTestResponse';
export type { GetModelInfoResponse__Output as GetModelInfoResponse } from './gen/backstop/v1/GetModelInfoResponse';
export type { ProtocolExposure } from './gen/backstop/v1/ProtocolExposure';
