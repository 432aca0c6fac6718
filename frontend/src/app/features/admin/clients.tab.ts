import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { ClientInfo } from '@gen/dataexchange/v1/access_pb';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AGENCIES } from '../../shared/agencies';
import { AgencyPipe, LocalDatePipe } from '../../shared/format.pipes';
import { SecretNoticeComponent } from './secret-notice.component';

/** Agency systems: register one (secret shown once), rotate its secret, disable it. */
@Component({
  selector: 'dx-clients-tab',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, TranslocoPipe, AgencyPipe,
    LocalDatePipe, SecretNoticeComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="toolbar" (submit)="$event.preventDefault(); create()">
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'alerts.agency' | transloco }}</mat-label>
        <mat-select [value]="agency()" (valueChange)="agency.set($event)" required>
          @for (a of agencies; track a) {<mat-option [value]="a">{{ a | agency }}</mat-option>}
        </mat-select>
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'admin.clientId' | transloco }}</mat-label>
        <input matInput name="clientId" required [ngModel]="clientId()" (ngModelChange)="clientId.set($event)" />
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>{{ 'admin.displayName' | transloco }}</mat-label>
        <input matInput name="displayName" [ngModel]="displayName()" (ngModelChange)="displayName.set($event)" />
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="!clientId().trim()">{{ 'admin.createClient' | transloco }}</button>
    </form>
    @if (secret(); as s) {<dx-secret-notice [title]="s.title" [value]="s.value" (dismissed)="secret.set(null)" />}
    @if (error(); as error) {<p class="error-text" role="alert">{{ error | transloco }}</p>}
    <table class="data">
      <thead><tr>
        <th scope="col">{{ 'admin.clientId' | transloco }}</th><th scope="col">{{ 'admin.displayName' | transloco }}</th>
        <th scope="col">{{ 'alerts.agency' | transloco }}</th><th scope="col">{{ 'admin.created' | transloco }}</th>
        <th scope="col">{{ 'admin.rotated' | transloco }}</th><th scope="col">{{ 'common.status' | transloco }}</th>
        <th scope="col"><span class="visually-hidden">{{ 'common.actions' | transloco }}</span></th>
      </tr></thead>
      <tbody>
        @for (c of clients(); track c.clientId) {
          <tr>
            <td><code>{{ c.clientId }}</code></td><td>{{ c.displayName }}</td><td>{{ c.agency | agency }}</td>
            <td>{{ c.createdAt | localDate: 'date' }}</td><td>{{ c.secretRotatedAt | localDate: 'date' }}</td>
            <td>{{ (c.enabled ? 'admin.enabled' : 'admin.disabled') | transloco }}</td>
            <td>
              @if (c.enabled) {
                <button mat-button type="button" (click)="rotate(c)" [attr.aria-label]="('admin.rotate' | transloco) + ' ' + c.clientId">
                  {{ 'admin.rotate' | transloco }}</button>
                <button mat-button type="button" (click)="disable(c)" [attr.aria-label]="('admin.disable' | transloco) + ' ' + c.clientId">
                  {{ 'admin.disable' | transloco }}</button>
              }
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class ClientsTab implements OnInit {
  private readonly hub = inject(HubClients);
  private readonly transloco = inject(TranslocoService);
  protected readonly agencies = AGENCIES;
  protected readonly agency = signal<Agency>(Agency.EDUCATION);
  protected readonly clientId = signal('');
  protected readonly displayName = signal('');
  protected readonly clients = signal<readonly ClientInfo[]>([]);
  protected readonly secret = signal<{ title: string; value: string } | null>(null);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): Promise<void> {
    return this.run(async () => {
      this.clients.set((await this.hub.access.listClients({ includeDisabled: true, pageSize: 200 })).clients);
    });
  }

  protected create(): Promise<void> {
    return this.run(async () => {
      const reply = await this.hub.access.createClient({
        agency: this.agency(), clientId: this.clientId().trim(), displayName: this.displayName().trim(),
      });
      this.secret.set({ title: this.transloco.translate('admin.secretFor', { id: reply.clientId }), value: reply.clientSecret });
      this.clientId.set('');
      this.displayName.set('');
      await this.ngOnInit();
    });
  }

  protected rotate(client: ClientInfo): Promise<void> {
    return this.run(async () => {
      const reply = await this.hub.access.rotateClientSecret({ clientId: client.clientId });
      this.secret.set({ title: this.transloco.translate('admin.secretFor', { id: client.clientId }), value: reply.clientSecret });
      await this.ngOnInit();
    });
  }

  protected disable(client: ClientInfo): Promise<void> {
    return this.run(async () => {
      await this.hub.access.disableClient({ clientId: client.clientId });
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
