using System.Net.Http.Headers;

namespace DataExchange.Domain.Reconciliation.AlertTexts;

/// <summary>The languages alert texts are written in. Chinese is the default: the hub's readers are Chinese agencies.</summary>
public enum AlertLanguage
{
    Chinese,
    English,
}

public static class AlertLanguages
{
    /// <summary>
    /// The caller's language from an HTTP accept-language header (zh-CN, en;q=0.8, ...): the supported language with the
    /// highest weight, Chinese when the header is absent, unreadable or names neither.
    /// </summary>
    public static AlertLanguage FromAcceptLanguage(string? header)
    {
        var best = (Language: AlertLanguage.Chinese, Weight: -1.0);
        foreach (var part in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!StringWithQualityHeaderValue.TryParse(part, out var entry))
            {
                continue;
            }

            var tag = entry.Value.ToLowerInvariant();
            AlertLanguage? language = tag == "zh" || tag.StartsWith("zh-", StringComparison.Ordinal) ? AlertLanguage.Chinese
                : tag == "en" || tag.StartsWith("en-", StringComparison.Ordinal) ? AlertLanguage.English
                : null;
            var weight = entry.Quality ?? 1.0;
            if (language is { } found && weight > 0 && weight > best.Weight)
            {
                best = (found, weight);
            }
        }

        return best.Language;
    }
}
