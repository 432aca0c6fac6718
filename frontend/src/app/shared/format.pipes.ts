import { Pipe, PipeTransform, inject } from '@angular/core';
import { Timestamp, timestampDate } from '@bufbuild/protobuf/wkt';
import { TranslocoService } from '@jsverse/transloco';
import { Agency } from '@gen/dataexchange/v1/common_pb';
import { LanguageService } from '../core/i18n/language.service';

/** An agency's name in the portal's language, from the enum or from its code (education, civil_affairs, ...). */
@Pipe({ name: 'agency', pure: false })
export class AgencyPipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  transform(value: Agency | string | undefined | null): string {
    this.language.current(); // re-run when the language changes
    const code = agencyCode(value);
    return code ? this.transloco.translate(`agency.${code}`) : '';
  }
}

/** Agency enum or code to the lower-case code the hub uses in audit entries and the exchange format. */
export function agencyCode(value: Agency | string | undefined | null): string {
  if (value === undefined || value === null || value === '' || value === Agency.UNSPECIFIED) {
    return '';
  }
  return typeof value === 'string' ? value.toLowerCase() : (Agency[value] ?? '').toLowerCase();
}

/** A date and time in the portal's locale. */
@Pipe({ name: 'localDate', pure: false })
export class LocalDatePipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(value: Timestamp | Date | undefined | null, style: 'date' | 'dateTime' = 'dateTime'): string {
    if (!value) {
      return '';
    }
    const date = value instanceof Date ? value : timestampDate(value);
    const options: Intl.DateTimeFormatOptions =
      style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' };
    return new Intl.DateTimeFormat(this.language.locale(), options).format(date);
  }
}

/** A number (or a percentage, for 0..1) in the portal's locale. */
@Pipe({ name: 'localNumber', pure: false })
export class LocalNumberPipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(value: number | bigint | undefined | null, style: 'decimal' | 'percent' = 'decimal', digits = 0): string {
    if (value === undefined || value === null) {
      return '';
    }
    return new Intl.NumberFormat(this.language.locale(), {
      style,
      maximumFractionDigits: digits,
      minimumFractionDigits: style === 'percent' ? digits : 0,
    }).format(value);
  }
}

/** The translation of a key, or the fallback where the translations have none (transloco answers the key itself). */
function translatedOr(transloco: TranslocoService, key: string, fallback: string): string {
  const label = transloco.translate(key);
  return label === key ? fallback : label;
}

/** A field (exchange-format column) by its name in the portal's language; unknown columns as they are. */
@Pipe({ name: 'fieldLabel', pure: false })
export class FieldLabelPipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  transform(field: string): string {
    this.language.current();
    return translatedOr(this.transloco, `field.${field}`, field);
  }
}

/** A code (status, rule, kind, purpose, level) through the translation layer, falling back to the code itself. */
@Pipe({ name: 'code', pure: false })
export class CodePipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  transform(value: string | undefined | null, group: string): string {
    this.language.current();
    return value ? translatedOr(this.transloco, `${group}.${value}`, value) : '';
  }
}

/**
 * A record's or golden record's value in the portal's language where the exchange format codes it (sex, enrolment
 * status, disability category and level, protection category, parents' status, guardian relation); every other value,
 * and a code the translations do not list, as it is (a steward must still see exactly what an agency sent).
 */
@Pipe({ name: 'fieldValue', pure: false })
export class FieldValuePipe implements PipeTransform {
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  transform(value: string | undefined | null, field: string): string {
    this.language.current();
    return value ? translatedOr(this.transloco, `value.${field}.${value.trim()}`, value) : '';
  }
}

export const FORMAT_PIPES = [AgencyPipe, LocalDatePipe, LocalNumberPipe, FieldLabelPipe, CodePipe, FieldValuePipe] as const;
