namespace DataExchange.Domain.Access;

/// <summary>Why another agency's data is read (PIPL art. 6: processing limited to what the purpose needs).</summary>
public enum Purpose
{
    /// <summary>控辍保学: keeping every child in compulsory education.</summary>
    DropoutControl = 1,

    /// <summary>主动发现: finding children who need help before they are reported.</summary>
    ActiveDiscovery = 2,

    /// <summary>核查: checking eligibility for a benefit.</summary>
    BenefitVerification = 3,

    /// <summary>个案处置: handling one child's case.</summary>
    CaseHandling = 4,

    /// <summary>统计: aggregate statistics.</summary>
    Statistics = 5,
}

/// <summary>The purposes' codes, as audit entries and configuration spell them.</summary>
public static class PurposeCodes
{
    private static readonly Dictionary<Purpose, string> CodeByPurpose = new()
    {
        [Purpose.DropoutControl] = "dropout_control",
        [Purpose.ActiveDiscovery] = "active_discovery",
        [Purpose.BenefitVerification] = "benefit_verification",
        [Purpose.CaseHandling] = "case_handling",
        [Purpose.Statistics] = "statistics",
    };

    public static string ToCode(this Purpose purpose) =>
        CodeByPurpose.TryGetValue(purpose, out var code) ? code : throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown purpose.");

    public static bool TryParse(string? code, out Purpose purpose)
    {
        foreach (var (key, value) in CodeByPurpose)
        {
            if (value == code)
            {
                purpose = key;
                return true;
            }
        }

        purpose = default;
        return false;
    }
}
