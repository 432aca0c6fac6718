import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { TranslocoPipe } from '@jsverse/transloco';
import { AgenciesTab } from './agencies.tab';
import { ClientsTab } from './clients.tab';
import { GrantsTab } from './grants.tab';
import { UsersTab } from './users.tab';

/** Administration: agencies, their systems, people and roles, and who may see what (grants). */
@Component({
  selector: 'dx-admin-page',
  imports: [MatTabsModule, TranslocoPipe, AgenciesTab, ClientsTab, UsersTab, GrantsTab],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.title' | transloco }}</h1>
    <mat-tab-group preserveContent="false" animationDuration="0ms">
      <mat-tab [label]="'admin.grants' | transloco"><ng-template matTabContent><dx-grants-tab /></ng-template></mat-tab>
      <mat-tab [label]="'admin.users' | transloco"><ng-template matTabContent><dx-users-tab /></ng-template></mat-tab>
      <mat-tab [label]="'admin.clients' | transloco"><ng-template matTabContent><dx-clients-tab /></ng-template></mat-tab>
      <mat-tab [label]="'admin.agencies' | transloco"><ng-template matTabContent><dx-agencies-tab /></ng-template></mat-tab>
    </mat-tab-group>
  `,
})
export class AdminPage {}
