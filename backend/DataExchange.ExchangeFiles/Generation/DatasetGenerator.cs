using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>What to generate and where.</summary>
public sealed record GenerationRequest(int Children, ulong Seed, string OutDirectory, string TruthFile, string? ErrorsFile, GenerationProfile Profile)
{
    /// <summary>The day ages, grades and visit dates are computed from: fixed, so a seed always gives the same files.</summary>
    public DateOnly AsOf { get; init; } = new(2025, 11, 1);
}

/// <summary>Records written per agency and errors injected per kind.</summary>
public sealed record GenerationSummary(IReadOnlyDictionary<Agency, long> Records, IReadOnlyDictionary<ErrorKind, long> Errors, int Children);

/// <summary>Streams families into the five agency files, the truth file and the optional error log.</summary>
public static class DatasetGenerator
{
    public static GenerationSummary Run(GenerationRequest request, Action<int>? progress = null)
    {
        Directory.CreateDirectory(request.OutDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.TruthFile))!);
        var rng = new Rng(request.Seed);
        using var truth = Csv.Open(request.TruthFile);
        truth.WriteLine("agency,source_id,person_id");
        using var errors = request.ErrorsFile is null ? null : Csv.Open(request.ErrorsFile);
        errors?.WriteLine("agency,source_id,error");

        var writers = AgencyCodes.All.ToDictionary(a => a,
            a => new AgencyFileWriter(a, request.OutDirectory, request.Children * 3L + 16, new Rng(rng.NextULong()), truth, errors));
        var errorCounts = Enum.GetValues<ErrorKind>().ToDictionary(k => k, _ => 0L);
        try
        {
            var ids = new IdAllocator(request.AsOf);
            var families = new FamilyFactory(rng, request.Profile, ids, request.AsOf);
            var records = new ChildRecords(rng, request.Profile, request.AsOf);
            var made = 0;
            while (made < request.Children)
            {
                var family = families.Create(ref made, request.Children - made);
                foreach (var child in family.Children)
                {
                    foreach (var draft in records.For(child))
                    {
                        writers[draft.Agency].Write(draft);
                        foreach (var error in draft.Errors)
                        {
                            errorCounts[error]++;
                        }
                    }
                }

                progress?.Invoke(made);
            }
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }

        return new GenerationSummary(writers.ToDictionary(p => p.Key, p => p.Value.Written), errorCounts, request.Children);
    }
}
