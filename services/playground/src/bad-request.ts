/**
 * A request the page got wrong (an unknown bot or person, a foreign URL): answered 400 with
 * this message by the server's error handler, which passes 4xx messages through as they are.
 */
export class BadRequest extends Error {
  readonly statusCode = 400;
}
