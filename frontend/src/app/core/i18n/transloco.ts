import { EnvironmentProviders, Injectable, isDevMode } from '@angular/core';
import { Translation, TranslocoLoader, provideTransloco } from '@jsverse/transloco';

/** Translations ship with the portal as code-split modules: no extra request path to configure on the host. */
@Injectable({ providedIn: 'root' })
export class BundledTranslations implements TranslocoLoader {
  getTranslation(language: string): Promise<Translation> {
    return language === 'en'
      ? import('./translations/en').then((module) => module.EN)
      : import('./translations/zh').then((module) => module.ZH);
  }
}

export function providePortalTranslations(): EnvironmentProviders[] {
  return provideTransloco({
    config: {
      availableLangs: ['zh', 'en'],
      defaultLang: 'zh',
      fallbackLang: 'zh',
      reRenderOnLangChange: true,
      missingHandler: { useFallbackTranslation: true, logMissingKey: isDevMode() },
      prodMode: !isDevMode(),
    },
    loader: BundledTranslations,
  });
}
