using DataExchange.Domain.Errors;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Observability;
using DataExchange.Data.Records;
using DataExchange.Domain.Agencies;
using System.Threading.Channels;
using Grpc.Core;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Api.Grpc;

/// <summary>
/// Drives a streamed batch: chunks records into transactions and remembers the batch by its key.
/// Resending a batch is safe because every record is versioned by content hash: a resent batch is
/// processed again, what is already stored counts as unchanged, and the reply says it was replayed.
/// That also finishes a batch whose first attempt failed half-way. Bad records never stop the batch.
/// Linking is not part of the call: every stored version is queued in its chunk's transaction and the background
/// linker (LinkingWorker) takes it from there, so a batch is as fast as its records can be stored, and a batch
/// acknowledged is never lost to linking even if the host stops right after.
/// </summary>
public sealed class BatchIngestion(RecordIngestor ingestor, BatchLedger ledger, HubMetrics metrics)
{
    public const int MaxBatchKeyLength = 100;

    /// <summary>
    /// Rejections a reply lists (rejections_omitted counts the rest): at most ~0.7 MB of reply, far below the send
    /// limit, where a million refused records once made a 40 MB reply the client never received.
    /// </summary>
    public const int MaxListedRejections = 1000;

    public async Task<SubmitRecordsResponse> IngestAsync(Agency agency, IAsyncStreamReader<SubmitRecordsRequest> stream, CancellationToken cancellationToken)
    {
        string? batchKey = null;
        var replayed = false;
        var total = new IngestOutcome(MaxListedRejections);
        var chunk = new List<IndexedRecord>(RecordIngestor.ChunkSize);
        var index = 0;

        // Two stages: this loop reads and prepares (normalises, hashes) chunk N+1 while the writer stores
        // chunk N, so the CPU work and the database work of a batch overlap. A failing writer stops the reader.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var prepared = Channel.CreateBounded<PreparedChunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        Task? writer = null;
        try
        {
            await foreach (var message in stream.ReadAllAsync(stop.Token))
            {
                if (batchKey is null)
                {
                    batchKey = ReadBatchKey(message.BatchKey);
                    replayed = await ledger.FindAsync(agency, batchKey, stop.Token) is not null;
                    writer = WriteAllAsync(agency, prepared.Reader, batchKey, total, stop);
                }
                else if (message.BatchKey.Length > 0 && message.BatchKey.Trim() != batchKey)
                {
                    throw RpcErrors.InvalidArgument("batch_key", $"changed mid-stream from {Echo.Quote(batchKey)} to {Echo.Quote(message.BatchKey)}");
                }

                foreach (var record in message.Records)
                {
                    chunk.Add(new IndexedRecord(index++, record.ToDomain(agency)));
                    if (chunk.Count == RecordIngestor.ChunkSize)
                    {
                        await prepared.Writer.WriteAsync(RecordIngestor.Prepare(agency, chunk, stop.Token), stop.Token);
                        chunk = new List<IndexedRecord>(RecordIngestor.ChunkSize);
                    }
                }
            }

            batchKey ??= ReadBatchKey("");
            writer ??= WriteAllAsync(agency, prepared.Reader, batchKey, total, stop);
            if (chunk.Count > 0)
            {
                await prepared.Writer.WriteAsync(RecordIngestor.Prepare(agency, chunk, stop.Token), stop.Token);
            }
        }
        catch (OperationCanceledException) when (writer is { IsFaulted: true })
        {
            // The writer's failure is the one to report, below.
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
        finally
        {
            prepared.Writer.TryComplete();
        }

        // Past the reading loop both are set: only a faulted writer skips their assignment, and awaiting it throws.
        await writer!;
        if (!replayed)
        {
            // The ledger keeps the first outcome of every batch, for the record.
            await ledger.CompleteAsync(agency, batchKey!, total, cancellationToken);
        }

        return ToResponse(batchKey!, total, replayed);
    }

    private async Task WriteAllAsync(Agency agency, ChannelReader<PreparedChunk> chunks, string batchKey, IngestOutcome total, CancellationTokenSource stop)
    {
        await Task.Yield(); // Run beside the reader, not inside its first write.
        try
        {
            await foreach (var chunk in chunks.ReadAllAsync(stop.Token))
            {
                var written = await ingestor.WritePreparedAsync(agency, chunk, batchKey, stop.Token);
                total.Add(written);
                // Counted as each chunk commits, so the ingest rate is seen while a long batch streams.
                metrics.RecordsIngested(agency.ToCode(), written.Accepted, written.Unchanged, written.Rejected);
            }
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private static string ReadBatchKey(string raw)
    {
        var key = raw.Trim();
        if (key.Length > MaxBatchKeyLength)
        {
            throw RpcErrors.InvalidArgument("batch_key", $"is {key.Length} characters long; at most {MaxBatchKeyLength} are allowed");
        }

        // Without a key the batch cannot be recognised when resent; each such batch gets its own.
        return key.Length > 0 ? key : "auto-" + Guid.NewGuid().ToString("N");
    }

    private static SubmitRecordsResponse ToResponse(string batchKey, IngestOutcome outcome, bool replayed)
    {
        var response = new SubmitRecordsResponse
        {
            BatchKey = batchKey,
            Accepted = outcome.Accepted,
            Unchanged = outcome.Unchanged,
            Rejected = outcome.Rejected,
            RejectionsOmitted = outcome.RejectionsOmitted,
            Replayed = replayed,
        };
        response.Rejections.AddRange(outcome.Rejections.Select(rejection => new RecordRejection
        {
            Index = rejection.Index,
            SourceId = rejection.SourceId,
            Field = rejection.Field,
            Reason = rejection.Reason,
        }));
        return response;
    }
}
