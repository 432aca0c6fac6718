import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Role, UserInfo } from '@gen/dataexchange/v1/access_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AGENCIES } from '../../shared/agencies';
import { AgencyPipe, LocalDatePipe } from '../../shared/format.pipes';
import { SecretNoticeComponent } from './secret-notice.component';

const ROLES = [Role.STEWARD, Role.ADMINISTRATOR, Role.AUDITOR];

/** People: create (generated password shown once), roles, disable/enable, reset password, unlock. */
@Component({
  selector: 'dx-users-tab',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe,
    AgencyPipe, LocalDatePipe, SecretNoticeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="toolbar" (submit)="$event.preventDefault(); create()">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'admin.email' | transloco }}</mat-label>
        <input matInput name="email" type="email" required [ngModel]="email()" (ngModelChange)="email.set($event)" />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'alerts.agency' | transloco }}</mat-label>
        <mat-select [value]="agency()" (valueChange)="agency.set($event)">
          @for (a of agencies; track a) {<mat-option [value]="a">{{ a | agency }}</mat-option>}
        </mat-select>
      </mat-form-field>
      <fieldset class="roles">
        <legend>{{ 'admin.roles' | transloco }}</legend>
        @for (r of roles; track r) {
          <mat-checkbox [checked]="newRoles().includes(r)" (change)="toggleNew(r, $event.checked)">{{ roleKey(r) | transloco }}</mat-checkbox>
        }
      </fieldset>
      <button mat-flat-button type="submit" [disabled]="!email().trim() || newRoles().length === 0">{{ 'admin.createUser' | transloco }}</button>
    </form>
    @if (secret(); as s) {<dx-secret-notice [title]="s.title" [value]="s.value" (dismissed)="secret.set(null)" />}
    @if (error(); as error) {<p class="error-text" role="alert">{{ error | transloco }}</p>}
    <table class="data">
      <thead><tr>
        <th scope="col">{{ 'admin.email' | transloco }}</th><th scope="col">{{ 'alerts.agency' | transloco }}</th>
        <th scope="col">{{ 'admin.roles' | transloco }}</th><th scope="col">{{ 'common.status' | transloco }}</th>
        <th scope="col"><span class="visually-hidden">{{ 'common.actions' | transloco }}</span></th>
      </tr></thead>
      <tbody>
        @for (u of users(); track u.userId) {
          <tr>
            <td>{{ u.email }}</td><td>{{ u.agency | agency }}</td>
            <td>
              @for (r of roles; track r) {
                <mat-checkbox [checked]="u.roles.includes(r)" (change)="setRole(u, r, $event.checked)"
                              [aria-label]="u.email + ' ' + (roleKey(r) | transloco)">{{ roleKey(r) | transloco }}</mat-checkbox>
              }
            </td>
            <td>
              {{ (u.enabled ? 'admin.enabled' : 'admin.disabled') | transloco }}
              @if (u.lockedOutUntil) {· {{ 'admin.lockedUntil' | transloco }} {{ u.lockedOutUntil | localDate }}}
              @if (u.failedLogins) {· {{ 'admin.failedLogins' | transloco: { count: u.failedLogins } }}}
            </td>
            <td>
              <button mat-button type="button" (click)="reset(u)" [attr.aria-label]="('admin.reset' | transloco) + ' ' + u.email">
                {{ 'admin.reset' | transloco }}</button>
              @if (u.lockedOutUntil || u.failedLogins) {
                <button mat-button type="button" (click)="unlock(u)" [attr.aria-label]="('admin.unlock' | transloco) + ' ' + u.email">
                  {{ 'admin.unlock' | transloco }}</button>
              }
              <button mat-button type="button" (click)="toggleEnabled(u)" [attr.aria-label]="((u.enabled ? 'admin.disable' : 'admin.enable') | transloco) + ' ' + u.email">
                {{ (u.enabled ? 'admin.disable' : 'admin.enable') | transloco }}</button>
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `.roles { border: none; display: flex; gap: 0.25rem; align-items: center; margin: 0; padding: 0; }
    .roles legend { float: left; margin-right: 0.5rem; }`,
})
export class UsersTab implements OnInit {
  private readonly hub = inject(HubClients);
  private readonly transloco = inject(TranslocoService);
  protected readonly agencies = AGENCIES;
  protected readonly roles = ROLES;
  protected readonly email = signal('');
  protected readonly agency = signal<Agency>(Agency.CIVIL_AFFAIRS);
  protected readonly newRoles = signal<readonly Role[]>([Role.STEWARD]);
  protected readonly users = signal<readonly UserInfo[]>([]);
  protected readonly secret = signal<{ title: string; value: string } | null>(null);
  protected readonly error = signal<string | null>(null);

  protected roleKey(role: Role): string {
    return 'role.' + Role[role].toLowerCase();
  }

  ngOnInit(): Promise<void> {
    return this.run(async () => {
      this.users.set((await this.hub.access.listUsers({ includeDisabled: true, pageSize: 200 })).users);
    });
  }

  protected toggleNew(role: Role, checked: boolean): void {
    this.newRoles.update((list) => (checked ? [...list, role] : list.filter((r) => r !== role)));
  }

  protected create(): Promise<void> {
    return this.run(async () => {
      const email = this.email().trim();
      const reply = await this.hub.access.createUser({ email, agency: this.agency(), roles: [...this.newRoles()], password: '' });
      this.secret.set({ title: this.transloco.translate('admin.passwordFor', { email }), value: reply.password });
      this.email.set('');
      await this.ngOnInit();
    });
  }

  protected setRole(user: UserInfo, role: Role, checked: boolean): Promise<void> {
    const roles = checked ? [...user.roles, role] : user.roles.filter((r) => r !== role);
    return this.run(async () => {
      await this.hub.access.setUserRoles({ userId: user.userId, roles });
      await this.ngOnInit();
    });
  }

  protected reset(user: UserInfo): Promise<void> {
    return this.run(async () => {
      const reply = await this.hub.access.resetPassword({ userId: user.userId });
      this.secret.set({ title: this.transloco.translate('admin.passwordFor', { email: user.email }), value: reply.password });
    });
  }

  protected unlock(user: UserInfo): Promise<void> {
    return this.run(async () => {
      await this.hub.access.unlockUser({ userId: user.userId });
      await this.ngOnInit();
    });
  }

  protected toggleEnabled(user: UserInfo): Promise<void> {
    return this.run(async () => {
      if (user.enabled) {
        await this.hub.access.disableUser({ userId: user.userId });
      } else {
        await this.hub.access.enableUser({ userId: user.userId });
      }
      await this.ngOnInit();
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      this.error.set(null);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }
}
