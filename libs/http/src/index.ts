export { checkReadiness, createHttpService, degradable } from './http-service';
export {
  PROBLEM_CONTENT_TYPE,
  problemFor,
  problemHandler,
  sendProblem,
  toAppError,
} from './problem';
export { parseOrThrow } from './validate';
export { securityHeaders } from './security-headers';
export { MAX_JSON_DEPTH, jsonBodyParser, jsonNestingExceeds } from './json-body';

export type { HttpService, HttpServiceOptions, ReadinessCheck } from './http-service';
