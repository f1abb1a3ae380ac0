export { checkReadiness, createHttpService, degradable, directRequest } from './http-service';
export { OVER_CAPACITY_ROUTE, boundInFlight } from './in-flight-bound';
export type { InFlightBound } from './in-flight-bound';
export {
  PROBLEM_CONTENT_TYPE,
  answerProblem,
  problemFor,
  problemHandler,
  sendProblem,
  toAppError,
} from './problem';
export { drained } from './drained';
export { parseOrThrow } from './validate';
export { securityHeaders } from './security-headers';
export { MAX_JSON_DEPTH, jsonBodyParser, jsonNestingExceeds } from './json-body';

export type {
  DirectHandler,
  DirectRequest,
  HttpService,
  HttpServiceOptions,
  ReadinessCheck,
} from './http-service';
