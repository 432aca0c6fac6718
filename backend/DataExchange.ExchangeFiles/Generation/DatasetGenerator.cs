using DataExchange.Domain.Agencies;

namespace DataExchange.ExchangeFiles.Generation;

/// <summary>What to generate and where.</summary>
public sealed record GenerationRequest(int Children, ulong Seed, string OutDirectory, string TruthFile, string? ErrorsFile, GenerationProfile Profile)
{
    /// <summary>
    /// The day ages, grades, birth and visit dates are computed from, and the alert truth is judged on: no date in the
    /// files lies after it. A seed and an as-of date always give the same files (dx generate defaults to today).
    /// </summary>
    public DateOnly AsOf { get; init; } = new(2025, 11, 1);

    /// <summary>Where to write the alerts truly due on <see cref="AsOf"/> (AlertTruthWriter), outside the folder; null for none.</summary>
    public string? AlertTruthFile { get; init; }
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
        if (request.AlertTruthFile is { } alertPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(alertPath))!);
        }

        using var alertFile = request.AlertTruthFile is null ? null : Csv.Open(request.AlertTruthFile);
        var alerts = alertFile is null ? null : new AlertTruthWriter(alertFile, request.AsOf);
        alerts?.WriteHeader();

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
                    var situation = records.Situation(child);
                    var written = new List<(RecordDraft, string)>(6);
                    foreach (var draft in records.For(child, situation))
                    {
                        written.Add((draft, writers[draft.Agency].Write(draft)));
                        foreach (var error in draft.Errors)
                        {
                            errorCounts[error]++;
                        }
                    }

                    alerts?.Write(child, situation, written);
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
