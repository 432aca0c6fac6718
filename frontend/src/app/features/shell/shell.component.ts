import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoPipe } from '@jsverse/transloco';
import { AuthService } from '../../core/auth/auth.service';
import { LanguageService } from '../../core/i18n/language.service';
import { AgencyPipe } from '../../shared/format.pipes';

interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly roles: readonly string[];
}

const NAV: readonly NavItem[] = [
  { path: '/review', label: 'nav.review', roles: ['steward'] },
  { path: '/conflicts', label: 'nav.conflicts', roles: ['steward'] },
  { path: '/alerts', label: 'nav.alerts', roles: ['steward'] },
  { path: '/children', label: 'nav.children', roles: ['steward'] },
  { path: '/dashboard', label: 'nav.dashboard', roles: ['steward', 'administrator'] },
  { path: '/admin', label: 'nav.admin', roles: ['administrator'] },
  { path: '/audit', label: 'nav.audit', roles: ['auditor'] },
];

/** The frame around every screen: navigation shaped by the person's roles, the language switch, the account. */
@Component({
  selector: 'dx-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButtonModule, TranslocoPipe, AgencyPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  private readonly auth = inject(AuthService);
  protected readonly language = inject(LanguageService);
  protected readonly agency = this.auth.agency;
  protected readonly roles = this.auth.roles;
  protected readonly nav = computed(() => NAV.filter((item) => item.roles.some((role) => this.roles().includes(role))));

  protected signOut(): void {
    void this.auth.signOut();
  }
}
