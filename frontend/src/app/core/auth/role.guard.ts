import { inject } from '@angular/core';
import { CanMatchFn, Route, Router } from '@angular/router';
import { AuthService, PortalRole } from './auth.service';

/** A route for people holding one of the given roles; anyone else is sent to their own start page. */
export function roleGuard(...roles: PortalRole[]): CanMatchFn {
  return (_route: Route) => {
    const auth = inject(AuthService);
    return roles.some((role) => auth.hasRole(role)) || inject(Router).parseUrl(homeFor(auth.roles()));
  };
}

/** Where a person starts: stewards at the review queue, administrators at administration, auditors at the audit log. */
export function homeFor(roles: readonly string[]): string {
  if (roles.includes('steward')) {
    return '/review';
  }
  if (roles.includes('administrator')) {
    return '/admin';
  }
  if (roles.includes('auditor')) {
    return '/audit';
  }
  return '/account';
}
