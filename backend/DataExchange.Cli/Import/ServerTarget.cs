using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Data.Records;
using Grpc.Core;
using Grpc.Net.Client;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Cli.Import;

/// <summary>
/// dx import --server: streams each file as one SubmitRecords call, <see cref="ChunkSize"/> records per
/// message, under a deadline. The batch key makes a resent file a replay on the host: nothing is written
/// again, and its records are reported as unchanged.
/// </summary>
public sealed class ServerTarget(GrpcChannel channel, IAgencyCallIdentity identity, TimeSpan deadline) : IRecordTarget
{
    public const int ChunkSize = 500;

    private readonly RecordExchange.RecordExchangeClient _client = new(channel);

    public static ServerTarget Open(string url, IAgencyCallIdentity identity, TimeSpan deadline) =>
        new(GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024, // The reply lists every rejected record.
        }), identity, deadline);

    public ValueTask<string?> RefusalForAsync(Agency agency, CancellationToken cancellationToken) =>
        identity.RefusalForAsync(agency, cancellationToken);

    public Task<TargetOutcome> WriteBatchAsync(Agency agency, string batchKey, IAsyncEnumerable<IndexedRecord> records, CancellationToken cancellationToken) =>
        SendAsync(agency, Messages(batchKey, records, cancellationToken), cancellationToken);

    /// <summary>The batch as the stream's messages: <see cref="ChunkSize"/> records each, the batch key in the first.</summary>
    public static async IAsyncEnumerable<SubmitRecordsRequest> Messages(
        string batchKey, IAsyncEnumerable<IndexedRecord> records, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var message = new SubmitRecordsRequest { BatchKey = batchKey };
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            message.Records.Add(record.Record.ToContract());
            if (message.Records.Count == ChunkSize)
            {
                yield return message;
                message = new SubmitRecordsRequest();
            }
        }

        if (message.Records.Count > 0 || message.BatchKey.Length > 0)
        {
            yield return message;
        }
    }

    /// <summary>Streams the messages as one SubmitRecords call and reads the host's outcome.</summary>
    public async Task<TargetOutcome> SendAsync(Agency agency, IAsyncEnumerable<SubmitRecordsRequest> messages, CancellationToken cancellationToken)
    {
        var headers = await identity.HeadersForAsync(agency, cancellationToken);
        using var call = _client.SubmitRecords(headers, DateTime.UtcNow + deadline, cancellationToken);
        await foreach (var message in messages.WithCancellation(cancellationToken))
        {
            await call.RequestStream.WriteAsync(message, cancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        var outcome = new IngestOutcome
        {
            // A replay wrote nothing this time: what was accepted then is unchanged now.
            Accepted = response.Replayed ? 0 : response.Accepted,
            Unchanged = response.Replayed ? response.Accepted + response.Unchanged : response.Unchanged,
        };
        outcome.Rejections.AddRange(response.Rejections.Select(r => new Rejection(r.Index, r.SourceId, r.Field, r.Reason)));
        return new TargetOutcome(outcome, response.Replayed ? "the host had already completed this batch (same file content): nothing written" : null);
    }

    public ValueTask DisposeAsync()
    {
        channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
