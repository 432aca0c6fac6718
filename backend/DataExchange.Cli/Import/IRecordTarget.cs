using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;

namespace DataExchange.Cli.Import;

/// <summary>Where an import writes: the database in-process, or a running host over gRPC.</summary>
public interface IRecordTarget : IAsyncDisposable
{
    /// <summary>Writes one file's records as one batch; rejections carry the record's index in <paramref name="records"/>.</summary>
    Task<TargetOutcome> WriteBatchAsync(Agency agency, string batchKey, IAsyncEnumerable<IndexedRecord> records, CancellationToken cancellationToken);

    /// <summary>Why this target will not take records of <paramref name="agency"/> from this caller, or null when it will.</summary>
    ValueTask<string?> RefusalForAsync(Agency agency, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <summary>
    /// After the last file is written and before <see cref="FinishAsync"/>: a line saying so for the person waiting
    /// (linking a large load takes minutes), or null.
    /// </summary>
    string? StoredNote() => null;

    /// <summary>Called once after the last file: a line for the person running the import, or null.</summary>
    Task<string?> FinishAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>What a target did with a batch, and anything the person running the import should know.</summary>
public sealed record TargetOutcome(IngestOutcome Outcome, string? Note = null);
