using DataExchange.Domain.Agencies;
using DataExchange.ExchangeFiles.Reading;

namespace DataExchange.Cli.Import;

/// <summary>One refused row, located for the clerk who has to fix it.</summary>
public sealed record RejectedRow(string File, int Line, string SourceId, string Field, string Reason);

/// <summary>What importing one file did.</summary>
public sealed record FileResult(string FileName, Agency Agency, int Accepted, int Unchanged, IReadOnlyList<RejectedRow> Rejected, string? Note);

/// <summary>What a whole import did: per file, the files left out, and how long it took.</summary>
public sealed record ImportResult(IReadOnlyList<FileResult> Files, IReadOnlyList<SkippedFile> Skipped, TimeSpan Elapsed)
{
    /// <summary>Readable files the caller may not send (another agency's, with an agency system's credentials).</summary>
    public IReadOnlyList<SkippedFile> NotSent { get; init; } = [];

    public int Accepted => Files.Sum(file => file.Accepted);
    public int Unchanged => Files.Sum(file => file.Unchanged);
    public int Rejected => Files.Sum(file => file.Rejected.Count);
    public int Records => Accepted + Unchanged + Rejected;

    public IEnumerable<RejectedRow> RejectedRows => Files.SelectMany(file => file.Rejected);

    /// <summary>
    /// 0 when every file and every row went in; 1 when a file was skipped or a row rejected. Another agency's files
    /// left out of a shared folder are not a failure, unless that left nothing to send.
    /// </summary>
    public int ExitCode => Skipped.Count > 0 || Rejected > 0 || (Files.Count == 0 && NotSent.Count > 0) ? 1 : 0;
}
