import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { GetMyAccountResponse, Role } from '@gen/dataexchange/v1/access_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorDetail, errorKey } from '../../core/grpc/errors';
import { AgencyPipe } from '../../shared/format.pipes';
import { passwordProblems } from './password-policy';

/** The signed-in person's account and changing their own password. */
@Component({
  selector: 'dx-password-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, TranslocoPipe, AgencyPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'account.title' | transloco }}</h1>
    @if (account(); as a) {
      <dl class="who">
        <dt>{{ 'admin.email' | transloco }}</dt><dd>{{ a.email }}</dd>
        <dt>{{ 'alerts.agency' | transloco }}</dt><dd>{{ a.agency | agency }}</dd>
        <dt>{{ 'admin.roles' | transloco }}</dt>
        <dd>@for (r of a.roles; track r) {<span class="badge">{{ roleKey(r) | transloco }}</span> }</dd>
      </dl>
    }
    <form class="form" (submit)="$event.preventDefault(); change()">
      <h2>{{ 'account.change' | transloco }}</h2>
      <mat-form-field>
        <mat-label>{{ 'account.current' | transloco }}</mat-label>
        <input matInput type="password" name="current" autocomplete="current-password" required
               [ngModel]="current()" (ngModelChange)="current.set($event)" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'account.new' | transloco }}</mat-label>
        <input matInput type="password" name="new" autocomplete="new-password" required aria-describedby="policy"
               [ngModel]="next()" (ngModelChange)="next.set($event)" />
      </mat-form-field>
      <mat-form-field>
        <mat-label>{{ 'account.repeat' | transloco }}</mat-label>
        <input matInput type="password" name="repeat" autocomplete="new-password" required
               [ngModel]="repeat()" (ngModelChange)="repeat.set($event)" />
      </mat-form-field>
      <ul id="policy" class="policy">
        @for (p of problems(); track p) {<li>{{ 'account.policy.' + p | transloco }}</li>}
      </ul>
      <button mat-flat-button type="submit" [disabled]="problems().length > 0 || !current() || busy()">
        {{ 'account.save' | transloco }}</button>
      @if (done()) {<p role="status" class="ok">{{ 'account.changed' | transloco }}</p>}
      @if (error(); as error) {<p class="error-text" role="alert">{{ error | transloco }} {{ detail() }}</p>}
    </form>
  `,
  styles: `.form { display: flex; flex-direction: column; max-width: 28rem; } .who { display: grid;
    grid-template-columns: auto 1fr; gap: 0.25rem 1rem; } .who dd { margin: 0; } .policy { font-size: 0.85rem; }
    .ok { color: #1b5e20; }`,
})
export class PasswordPage implements OnInit {
  private readonly hub = inject(HubClients);
  protected readonly account = signal<GetMyAccountResponse | null>(null);
  protected readonly current = signal('');
  protected readonly next = signal('');
  protected readonly repeat = signal('');
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly detail = signal('');
  protected readonly problems = computed(() => passwordProblems(this.next(), this.repeat(), this.current()));

  protected roleKey(role: Role): string {
    return 'role.' + Role[role].toLowerCase();
  }

  async ngOnInit(): Promise<void> {
    try {
      this.account.set(await this.hub.account.getMyAccount({}));
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }

  protected async change(): Promise<void> {
    this.busy.set(true);
    this.done.set(false);
    try {
      await this.hub.account.changePassword({ currentPassword: this.current(), newPassword: this.next() });
      this.done.set(true);
      this.error.set(null);
      this.current.set('');
      this.next.set('');
      this.repeat.set('');
    } catch (error) {
      this.error.set(errorKey(error));
      this.detail.set(errorDetail(error));
    } finally {
      this.busy.set(false);
    }
  }
}
