import { ChangeDetectionStrategy, Component } from '@angular/core';
import { ShellComponent } from './features/shell/shell.component';

@Component({
  selector: 'dx-root',
  imports: [ShellComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<dx-shell />',
})
export class App {}
