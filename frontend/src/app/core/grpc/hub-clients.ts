import { Injectable, inject } from '@angular/core';
import { Client, createClient } from '@connectrpc/connect';
import { AccessAdmin, Account } from '@gen/dataexchange/v1/access_pb';
import { AuditLog } from '@gen/dataexchange/v1/audit_pb';
import { ChildDirectory } from '@gen/dataexchange/v1/child_directory_pb';
import { Dashboard } from '@gen/dataexchange/v1/dashboard_pb';
import { Reconciliation } from '@gen/dataexchange/v1/reconciliation_pb';
import { AuthService } from '../auth/auth.service';
import { LanguageService } from '../i18n/language.service';
import { hubTransport } from './transport';

/** One typed client per hub service, sharing one transport. */
@Injectable({ providedIn: 'root' })
export class HubClients {
  private readonly auth = inject(AuthService);
  private readonly language = inject(LanguageService);
  private readonly transport = hubTransport(window.location.origin, {
    accessToken: () => this.auth.accessToken(),
    renew: () => this.auth.renew(),
    language: () => this.language.current(),
  });

  readonly reconciliation: Client<typeof Reconciliation> = createClient(Reconciliation, this.transport);
  readonly children: Client<typeof ChildDirectory> = createClient(ChildDirectory, this.transport);
  readonly access: Client<typeof AccessAdmin> = createClient(AccessAdmin, this.transport);
  readonly audit: Client<typeof AuditLog> = createClient(AuditLog, this.transport);
  readonly dashboard: Client<typeof Dashboard> = createClient(Dashboard, this.transport);
  readonly account: Client<typeof Account> = createClient(Account, this.transport);
}
