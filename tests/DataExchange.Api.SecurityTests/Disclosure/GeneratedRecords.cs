extern alias dx;
using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using DataExchange.ExchangeFiles.Generation;
using DataExchange.ExchangeFiles.Reading;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.SecurityTests.Disclosure;

/// <summary>
/// A small population from the project's own generator (fixed seed, the sample profile with its clerk errors), read back
/// through dx's own file reader into the records each agency's system would send.
/// </summary>
public static class GeneratedRecords
{
    // Enough children that every agency holds records of children other agencies hold too (16 left the disability
    // federation with none once the generator's dates moved to its as-of day).
    private const int Children = 40;

    private static readonly Lazy<IReadOnlyDictionary<Agency, IReadOnlyList<ChildRecord>>> Records = new(Generate);

    public static IReadOnlyDictionary<Agency, IReadOnlyList<ChildRecord>> ByAgency => Records.Value;

    private static IReadOnlyDictionary<Agency, IReadOnlyList<ChildRecord>> Generate()
    {
        var root = Directory.CreateTempSubdirectory("dx-disclosure-").FullName;
        try
        {
            var output = Path.Combine(root, "out");
            DatasetGenerator.Run(new GenerationRequest(Children, 20261202, output, Path.Combine(root, "truth.csv"), null, GenerationProfile.Sample()));
            var records = new Dictionary<Agency, IReadOnlyList<ChildRecord>>();
            foreach (var agency in AgencyCodes.All)
            {
                var (file, skipped) = AgencyFile.Inspect(Path.Combine(output, agency.ToCode() + ".csv"));
                var rows = file?.ReadRows().Select(row => row.Record?.ToContract()
                    ?? throw new InvalidOperationException($"generated row refused: {row.Problem}")).ToList()
                    ?? throw new InvalidOperationException($"generated file refused: {skipped?.Reason}");
                records[agency] = rows;
            }

            return records;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
