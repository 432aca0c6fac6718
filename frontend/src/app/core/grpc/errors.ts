import { Code, ConnectError } from '@connectrpc/connect';

/** The translation key for a failed call, so people read what went wrong in their language (never a stack trace). */
export function errorKey(error: unknown): string {
  switch (ConnectError.from(error).code) {
    case Code.PermissionDenied:
      return 'error.permissionDenied';
    case Code.NotFound:
      return 'error.notFound';
    case Code.FailedPrecondition:
    case Code.Aborted:
      return 'error.stale';
    case Code.InvalidArgument:
      return 'error.invalid';
    case Code.Unauthenticated:
      return 'error.unauthenticated';
    case Code.ResourceExhausted:
      return 'error.busy';
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return 'error.unavailable';
    default:
      return 'error.unknown';
  }
}

/** The hub's own message (it is written for people and carries no internals), when there is one. */
export function errorDetail(error: unknown): string {
  return ConnectError.from(error).rawMessage;
}
