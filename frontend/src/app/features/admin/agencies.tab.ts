import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { AgencyInfo } from '@gen/dataexchange/v1/access_pb';
import { HubClients } from '../../core/grpc/hub-clients';
import { errorKey } from '../../core/grpc/errors';
import { AgencyPipe } from '../../shared/format.pipes';

/** The five agencies; disabling one refuses its systems and people on their next call. */
@Component({
  selector: 'dx-agencies-tab',
  imports: [MatSlideToggleModule, TranslocoPipe, AgencyPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error(); as error) {<p class="error-text" role="alert">{{ error | transloco }}</p>}
    <table class="data">
      <thead><tr><th scope="col">{{ 'alerts.agency' | transloco }}</th><th scope="col">{{ 'admin.enabled' | transloco }}</th></tr></thead>
      <tbody>
        @for (a of agencies(); track a.agency) {
          <tr>
            <td>{{ a.agency | agency }}</td>
            <td><mat-slide-toggle [checked]="a.enabled" (change)="set(a, $event.checked)"
                                  [aria-label]="(a.agency | agency) + ' ' + ('admin.enabled' | transloco)" /></td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class AgenciesTab implements OnInit {
  private readonly hub = inject(HubClients);
  protected readonly agencies = signal<readonly AgencyInfo[]>([]);
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      this.agencies.set((await this.hub.access.listAgencies({})).agencies);
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }

  protected async set(agency: AgencyInfo, enabled: boolean): Promise<void> {
    try {
      await this.hub.access.setAgencyEnabled({ agency: agency.agency, enabled });
      await this.ngOnInit();
    } catch (error) {
      this.error.set(errorKey(error));
    }
  }
}
