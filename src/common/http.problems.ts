import { ProblemType } from './problem-details';

/** The problem types of the HTTP layer and of every module (authentication, validation, dependencies). */
export const HttpProblems = {
  malformedJson: { slug: 'malformed-json', status: 400, title: 'The request body is not valid JSON' },
  malformedPath: { slug: 'malformed-path', status: 400, title: 'The request path could not be decoded' },
  malformedRequest: { slug: 'malformed-request', status: 400, title: 'The request body could not be read' },
  requestAborted: {
    slug: 'request-aborted',
    status: 400,
    title: 'The client closed the connection before the body ended',
  },
  unauthenticated: { slug: 'unauthenticated', status: 401, title: 'No valid credentials' },
  forbidden: { slug: 'forbidden', status: 403, title: 'Not allowed for this caller' },
  notFound: { slug: 'not-found', status: 404, title: 'No such resource, or not visible to the caller' },
  methodNotAllowed: { slug: 'method-not-allowed', status: 405, title: 'The path exists, but not with this method' },
  bodyTooLarge: { slug: 'body-too-large', status: 413, title: 'The request body is larger than allowed' },
  unsupportedMediaType: {
    slug: 'unsupported-media-type',
    status: 415,
    title: 'The request body has a media type this operation does not take',
  },
  validationError: { slug: 'validation-error', status: 422, title: 'One or more fields are invalid' },
  dependencyUnavailable: {
    slug: 'dependency-unavailable',
    status: 503,
    title: 'A service the platform depends on is unavailable',
  },
} as const satisfies Record<string, ProblemType>;
