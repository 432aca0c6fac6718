import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Alert } from '@gen/dataexchange/v1/child_directory_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';

/** Acknowledge, close or reopen one alert (SetAlertStatus with the version shown). */
@Component({
  selector: 'dx-alert-actions',
  imports: [MatButtonModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="actions">
      @if (alert().status === 'open') {
        <button mat-stroked-button type="button" [disabled]="busy()" (click)="set('acknowledged')"
                [attr.aria-label]="('alerts.acknowledge' | transloco) + ' ' + label()">{{ 'alerts.acknowledge' | transloco }}</button>
      }
      @if (alert().status !== 'closed') {
        <button mat-stroked-button type="button" [disabled]="busy()" (click)="set('closed')"
                [attr.aria-label]="('alerts.close' | transloco) + ' ' + label()">{{ 'alerts.close' | transloco }}</button>
      } @else {
        <button mat-button type="button" [disabled]="busy()" (click)="set('open')"
                [attr.aria-label]="('alerts.reopen' | transloco) + ' ' + label()">{{ 'alerts.reopen' | transloco }}</button>
      }
      @if (error(); as error) {
        <span class="error-text" role="alert">{{ error | transloco }}</span>
      }
    </span>
  `,
  styles: `.actions { display: inline-flex; gap: 0.25rem; flex-wrap: wrap; align-items: center; }`,
})
export class AlertActionsComponent {
  private readonly hub = inject(HubClients);
  private readonly transloco = inject(TranslocoService);
  readonly alert = input.required<Alert>();
  /** Names the alert in the buttons' accessible names (e.g. the child). */
  readonly label = input('');
  readonly changed = output<string>();
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async set(status: 'open' | 'acknowledged' | 'closed'): Promise<void> {
    const alert = this.alert();
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.hub.reconciliation.setAlertStatus({
        alertId: alert.alertId,
        expectedVersion: alert.version,
        status,
        reason: this.transloco.translate('alerts.reason.' + status),
      });
      this.changed.emit(status);
    } catch (error) {
      this.error.set(errorKey(error));
    } finally {
      this.busy.set(false);
    }
  }
}
