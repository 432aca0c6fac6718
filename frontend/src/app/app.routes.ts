import { inject } from '@angular/core';
import { Router, Routes } from '@angular/router';
import { AuthService } from './core/auth/auth.service';
import { homeFor, roleGuard } from './core/auth/role.guard';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: () => inject(Router).parseUrl(homeFor(inject(AuthService).roles())) },
  { path: 'auth/callback', redirectTo: '' },
  {
    path: 'review', canMatch: [roleGuard('steward')], title: 'title.review',
    loadComponent: () => import('./features/review/review.page').then((m) => m.ReviewPage),
  },
  {
    path: 'children', canMatch: [roleGuard('steward')], title: 'title.children',
    loadComponent: () => import('./features/child/child-search.page').then((m) => m.ChildSearchPage),
  },
  {
    path: 'children/:childId', canMatch: [roleGuard('steward')], title: 'title.child',
    loadComponent: () => import('./features/child/child.page').then((m) => m.ChildPage),
  },
  {
    path: 'conflicts', canMatch: [roleGuard('steward')], title: 'title.conflicts',
    loadComponent: () => import('./features/conflicts/conflicts.page').then((m) => m.ConflictsPage),
  },
  {
    path: 'alerts', canMatch: [roleGuard('steward')], title: 'title.alerts',
    loadComponent: () => import('./features/alerts/alerts.page').then((m) => m.AlertsPage),
  },
  {
    path: 'dashboard', canMatch: [roleGuard('steward', 'administrator')], title: 'title.dashboard',
    loadComponent: () => import('./features/dashboard/dashboard.page').then((m) => m.DashboardPage),
  },
  {
    path: 'admin', canMatch: [roleGuard('administrator')], title: 'title.admin',
    loadComponent: () => import('./features/admin/admin.page').then((m) => m.AdminPage),
  },
  {
    path: 'audit', canMatch: [roleGuard('auditor')], title: 'title.audit',
    loadComponent: () => import('./features/audit/audit.page').then((m) => m.AuditPage),
  },
  {
    path: 'account', title: 'title.account',
    loadComponent: () => import('./features/account/password.page').then((m) => m.PasswordPage),
  },
  { path: '**', redirectTo: '' },
];
