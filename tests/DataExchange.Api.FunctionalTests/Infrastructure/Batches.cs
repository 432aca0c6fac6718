using DataExchange.Contracts.V1;

namespace DataExchange.Api.FunctionalTests.Infrastructure;

public static class Batches
{
    /// <summary>Streams records in chunks, the way an agency system sends a batch, and returns the hub's reply.</summary>
    public static async Task<SubmitRecordsResponse> SubmitAsync(
        this Contracts.V1.RecordExchange.RecordExchangeClient client, IEnumerable<ChildRecord> records, string batchKey, int chunkSize = 500)
    {
        using var call = client.SubmitRecords(deadline: DateTime.UtcNow.AddMinutes(5));
        foreach (var chunk in records.Chunk(chunkSize))
        {
            var request = new SubmitRecordsRequest { BatchKey = batchKey };
            request.Records.AddRange(chunk);
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
