using DataExchange.Contracts.Mapping;
using DataExchange.Contracts.V1;
using DataExchange.Domain.Agencies;
using DataExchange.Testing;
using Agency = DataExchange.Domain.Agencies.Agency;

namespace DataExchange.Faults.Tests.Infrastructure;

/// <summary>
/// Generated agency records (the project's generator, fixed seed) as the wire records each agency's system sends, with
/// the generator's truth: which person each record is of.
/// </summary>
public sealed class AgencyBatches
{
    private AgencyBatches(Dictionary<Agency, List<ChildRecord>> byAgency, Dictionary<(Agency, string), string> personOf)
    {
        ByAgency = byAgency;
        PersonOf = personOf;
    }

    public Dictionary<Agency, List<ChildRecord>> ByAgency { get; }

    /// <summary>(agency, source_id) to the generator's person id.</summary>
    public Dictionary<(Agency, string), string> PersonOf { get; }

    public int Count => ByAgency.Values.Sum(records => records.Count);

    public static AgencyBatches Generate(int children, ulong seed)
    {
        using var sample = new GeneratedSample(children, seed);
        var byAgency = sample.Records.GroupBy(record => record.Agency)
            .ToDictionary(group => group.Key, group => group.Select(record => record.ToContract()).ToList());
        var personOf = new Dictionary<(Agency, string), string>();
        foreach (var line in File.ReadLines(sample.TruthFile).Skip(1))
        {
            var columns = line.Split(',');
            if (AgencyCodes.TryParse(columns[0], out var agency))
            {
                personOf[(agency, columns[1])] = columns[2];
            }
        }

        return new AgencyBatches(byAgency, personOf);
    }
}

public static class Submissions
{
    /// <summary>
    /// Streams the records as one SubmitRecords call in chunks of <paramref name="chunk"/>, pausing <paramref name="pause"/>
    /// between chunks (so that a test can act part-way through); <paramref name="sent"/> counts the chunks written.
    /// </summary>
    public static async Task<SubmitRecordsResponse> SubmitAsync(this RecordExchange.RecordExchangeClient client, IReadOnlyList<ChildRecord> records, string batchKey,
        int chunk = 250, TimeSpan? pause = null, Action<int>? sent = null, TimeSpan? deadline = null)
    {
        using var call = client.SubmitRecords(deadline: DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60)));
        var chunks = 0;
        try
        {
            foreach (var part in records.Chunk(chunk))
            {
                var request = new SubmitRecordsRequest { BatchKey = batchKey };
                request.Records.AddRange(part);
                await call.RequestStream.WriteAsync(request);
                sent?.Invoke(++chunks);
                if (pause is { } wait)
                {
                    await Task.Delay(wait);
                }
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception)
        {
            // The host ended the call while chunks were still being sent: its status says why.
            await call.ResponseAsync;
            throw;
        }

        return await call;
    }
}
