using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Data.Records;

/// <summary>Single-record writes: an upsert guarded by an optional expected version, and a retraction.</summary>
public sealed class RecordCommands(IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock, Signals.PendingLinkSignal pendingLinks)
{
    /// <summary>Stores the record; returns the stored state and whether nothing changed.</summary>
    public async Task<(SourceRecordEntity Record, bool Unchanged)> UpsertAsync(
        Agency agency, SourceRecord raw, int? expectedVersion, CancellationToken cancellationToken)
    {
        var intake = RecordIntake.Normalize(raw with { Agency = agency });
        if (intake.Record is not { } record)
        {
            // The message names the record; each violation names its field as a request path (record.birth_date).
            throw new ValidationException(
                [.. intake.Errors.Select(error => error with { Field = error.Field == "record" ? "record" : "record." + error.Field })],
                $"{agency.ToCode()} record {Echo.Quote(raw.SourceId)} was refused: {string.Join("; ", intake.Errors)}");
        }

        var hash = ContentHash.Compute(record.Raw);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await Find(db, agency, record.Raw.SourceId, cancellationToken);
        CheckExpectedVersion(agency, record.Raw.SourceId, stored, expectedVersion);

        var now = clock.GetUtcNow().UtcDateTime;
        if (stored is not null && !stored.Retracted && stored.ContentHash.AsSpan().SequenceEqual(hash))
        {
            return (stored, true);
        }

        if (stored is null)
        {
            stored = RecordMapping.NewEntity(agency.ToCode(), record, hash, now);
            db.SourceRecords.Add(stored);
        }
        else
        {
            RecordMapping.Apply(stored, record, hash, now);
            stored.Version++;
            stored.Retracted = false;
        }

        RecordMapping.AddVersion(stored, "", now);
        await SaveGuarded(db, agency, record.Raw.SourceId, cancellationToken);
        return (stored, false);
    }

    /// <summary>Withdraws a record: a new version marked retracted; nothing is deleted.</summary>
    public async Task<(SourceRecordEntity Record, bool Unchanged)> RetractAsync(
        Agency agency, string sourceId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await Find(db, agency, sourceId, cancellationToken)
            ?? throw new NotFoundException($"{agency.ToCode()} has no record with source_id {Echo.Quote(sourceId)}.");
        if (stored.Retracted)
        {
            return (stored, true);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        stored.Retracted = true;
        stored.Version++;
        stored.UpdatedAt = now;
        RecordMapping.AddVersion(stored, "", now, reason);
        await SaveGuarded(db, agency, sourceId, cancellationToken);
        return (stored, false);
    }

    internal static Task<SourceRecordEntity?> Find(ExchangeDbContext db, Agency agency, string sourceId, CancellationToken cancellationToken)
    {
        var code = agency.ToCode();
        return db.SourceRecords.SingleOrDefaultAsync(record => record.Agency == code && record.SourceId == sourceId, cancellationToken);
    }

    private static void CheckExpectedVersion(Agency agency, string sourceId, SourceRecordEntity? stored, int? expectedVersion)
    {
        var current = stored?.Version ?? 0;
        if (expectedVersion is { } expected && expected != current)
        {
            throw new ConflictException(
                $"{agency.ToCode()} record {Echo.Quote(sourceId)} is at version {current}, not {expected}: read it again and reapply your change.");
        }
    }

    private async Task SaveGuarded(ExchangeDbContext db, Agency agency, string sourceId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            pendingLinks.Notify(); // The new version is queued for the linker.
        }
        catch (DbUpdateException)
        {
            throw new ConflictException(
                $"{agency.ToCode()} record {Echo.Quote(sourceId)} was changed by another writer at the same time: read it again and retry.");
        }
    }
}
