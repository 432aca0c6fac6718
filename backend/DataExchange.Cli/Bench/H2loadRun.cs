using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;

namespace DataExchange.Cli.Bench;

/// <summary>
/// One h2load (nghttp2's HTTP/2 load generator) window against a gRPC method: cleartext HTTP/2 with prior knowledge,
/// <c>connections</c> clients with <c>streams / connections</c> concurrent streams each, a warm-up then a timed
/// duration; p50 and p99 from its per-request log. h2load counts HTTP statuses, and gRPC answers 200 whatever its
/// own status, so the host's tally of gRPC statuses is printed beside.
/// </summary>
internal sealed class H2loadRun(TextWriter output, Uri address, int streams, int connections, TimeSpan duration)
{
    public async Task RunAsync(string name, string path, IMessage request, string? token, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("dx-bench-h2load-").FullName;
        try
        {
            var body = Path.Combine(folder, "request.bin");
            var message = request.ToByteArray();
            var framed = new byte[5 + message.Length];
            // gRPC's length-prefixed message: no compression, a 4-byte big-endian length.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), message.Length);
            message.CopyTo(framed, 5);
            await File.WriteAllBytesAsync(body, framed, cancellationToken);
            var log = Path.Combine(folder, "requests.tsv");
            var start = new ProcessStartInfo("h2load")
            {
                ArgumentList =
                {
                    "-c", connections.ToString(CultureInfo.InvariantCulture), "-m", Math.Max(1, streams / connections).ToString(CultureInfo.InvariantCulture),
                    "-t", "1", "-D", duration.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture), "--warm-up-time", "3",
                    "-d", body, "-H", "content-type: application/grpc", "-H", "te: trailers", "--log-file", log,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (token is not null)
            {
                start.ArgumentList.Add("-H");
                start.ArgumentList.Add("authorization: Bearer " + token);
            }

            start.ArgumentList.Add(new Uri(address, path).ToString());
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var finished = text.Split('\n').FirstOrDefault(line => line.StartsWith("finished in", StringComparison.Ordinal))?.Trim() ?? "";
            var requests = text.Split('\n').FirstOrDefault(line => line.StartsWith("requests:", StringComparison.Ordinal))?.Trim() ?? "";
            var latencies = File.Exists(log)
                ? File.ReadLines(log).Select(line => line.Split('\t')).Where(columns => columns.Length >= 3 && columns[1] == "200")
                    .Select(columns => double.Parse(columns[2], CultureInfo.InvariantCulture) / 1000.0).Order().ToArray()
                : [];
            var rate = finished.Split(',').Select(part => part.Trim()).FirstOrDefault(part => part.EndsWith("req/s", StringComparison.Ordinal)) ?? "? req/s";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-16} {rate,17}  p50 {Percentile(latencies, 50),6:F2} ms  p99 {Percentile(latencies, 99),6:F2} ms  max {(latencies.Length > 0 ? latencies[^1] : double.NaN),7:F1} ms  ({requests})"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Percentile(double[] sorted, double percentile) => sorted.Length == 0
        ? double.NaN
        : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
