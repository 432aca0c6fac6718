using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>
/// The rates the generator draws from. "sample" resembles ../shared/data/sample (measured there) plus the
/// error kinds the sample lacks at modest rates; "hard" triples every error rate, because the engine is judged on
/// data messier than the sample.
/// </summary>
public sealed class GenerationProfile
{
    private readonly Dictionary<ErrorKind, double> _rates;
    private readonly Dictionary<Agency, double> _idMissing;

    private GenerationProfile(Dictionary<ErrorKind, double> rates, Dictionary<Agency, double> idMissing)
    {
        _rates = rates;
        _idMissing = idMissing;
    }

    public static IReadOnlyList<string> Names { get; } = ["sample", "hard"];

    /// <summary>The share of families with two or more children whose first two are twins (sample: ~11%).</summary>
    public double TwinShare { get; init; } = 0.12;

    /// <summary>Share of families with a Uyghur-style name (sample: ~4% of records carry a middle dot).</summary>
    public double UyghurShare { get; init; } = 0.04;

    /// <summary>Probability a child appears in each agency; the sample's shares (its children skew vulnerable).</summary>
    public double HealthCoverage { get; init; } = 0.62;
    public double DisabilityShare { get; init; } = 0.075;

    public static GenerationProfile Sample() => new(
        new()
        {
            // Per record unless ErrorKinds.IsPerChild; the conditional ones say of what.
            [ErrorKind.IdMissing] = 0.0, // per agency, below
            [ErrorKind.IdDigitTypo] = 0.015,
            [ErrorKind.IdAdjacentSwap] = 0.008,
            [ErrorKind.IdFullWidth] = 0.005,
            [ErrorKind.IdLowerX] = 0.3, // of IDs ending in X
            [ErrorKind.IdSpaces] = 0.005,
            [ErrorKind.IdSibling] = 0.004, // of records of children with a registered sibling
            [ErrorKind.NameHomophone] = 0.02,
            [ErrorKind.NameTraditional] = 0.006,
            [ErrorKind.NamePinyin] = 0.005,
            [ErrorKind.NameDroppedChar] = 0.004,
            [ErrorKind.NameSpace] = 0.005,
            [ErrorKind.NameSeparator] = 0.3, // of minority names
            [ErrorKind.NameOld] = 0.005, // per child held by two or more agencies
            [ErrorKind.DateDigit] = 0.005,
            [ErrorKind.DateDayOff] = 0.005,
            [ErrorKind.DateDayMonthSwap] = 0.004, // of dates whose day could be a month
            [ErrorKind.DateSpelling] = 0.02,
            [ErrorKind.DateMissing] = 0.01,
            [ErrorKind.SexWrong] = 0.005,
            [ErrorKind.AddressShort] = 0.3,
            [ErrorKind.MovedRegion] = 0.04, // per family
            [ErrorKind.DuplicateRecord] = 0.02, // per child held by education or health
            [ErrorKind.NoRegistration] = 0.01, // per child
        },
        new()
        {
            [Agency.PublicSecurity] = 0.0,
            [Agency.Education] = 0.05,
            [Agency.Health] = 0.28,
            [Agency.DisabledFederation] = 0.01,
            [Agency.CivilAffairs] = 0.09,
        });

    public static GenerationProfile Hard()
    {
        var profile = Sample();
        foreach (var kind in profile._rates.Keys.ToArray())
        {
            if (kind is not (ErrorKind.AddressShort or ErrorKind.IdLowerX or ErrorKind.NameSeparator))
            {
                profile._rates[kind] = Math.Min(0.9, profile._rates[kind] * 3);
            }
        }

        foreach (var agency in profile._idMissing.Keys.ToArray())
        {
            profile._idMissing[agency] = Math.Min(0.6, profile._idMissing[agency] * 1.5);
        }

        return profile;
    }

    public static GenerationProfile? ByName(string name) => name switch
    {
        "sample" => Sample(),
        "hard" => Hard(),
        _ => null,
    };

    public double Rate(ErrorKind kind) => _rates[kind];

    public double IdMissing(Agency agency) => _idMissing[agency];

    /// <summary>Overrides one rate; id_missing sets every agency except public security, whose register always has the ID.</summary>
    public void Set(ErrorKind kind, double rate)
    {
        if (kind == ErrorKind.IdMissing)
        {
            foreach (var agency in _idMissing.Keys.Where(a => a != Agency.PublicSecurity).ToArray())
            {
                _idMissing[agency] = rate;
            }
        }

        _rates[kind] = rate;
    }

    /// <summary>Public security exports from the register itself: its fields are typed far less often.</summary>
    public static double AgencyFactor(Agency agency) => agency == Agency.PublicSecurity ? 0.2 : 1.0;
}
