import {
  ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection,
} from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { routes } from './app.routes';
import { AuthService } from './core/auth/auth.service';
import { LanguageService } from './core/i18n/language.service';
import { TranslatedTitleStrategy } from './core/i18n/translated-title.strategy';
import { providePortalTranslations } from './core/i18n/transloco';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    providePortalTranslations(),
    { provide: TitleStrategy, useExisting: TranslatedTitleStrategy },
    // Before the first route: the language's strings, then a signed-in person (or the way to the login page).
    provideAppInitializer(async () => {
      const language = inject(LanguageService);
      const transloco = inject(TranslocoService);
      const auth = inject(AuthService); // every inject() before the first await: the context ends there
      await firstValueFrom(transloco.load(language.current()));
      await auth.start(language.current());
    }),
  ],
};
