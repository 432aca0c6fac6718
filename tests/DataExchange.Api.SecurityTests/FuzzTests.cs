using System.Diagnostics;
using System.Text;
using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Domain.Agencies;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;

namespace DataExchange.Api.SecurityTests;

/// <summary>
/// A bounded fuzz run with a fixed seed: random bytes and random well-formed messages to every rpc, as agency
/// systems and as the administrator. The host stays up, and no reply carries a stack trace or exception text.
/// </summary>
public sealed class FuzzTests(SqliteSecurityHub hub) : IClassFixture<SqliteSecurityHub>
{
    private const int Seed = 20261122;
    private static readonly System.Text.RegularExpressions.Regex StackFrameOrException =
        new(@"\bat [\w.`<>]+\.[\w<>]+\(|\b\w+Exception\b|\bSystem\.\w|\bDataExchange\.\w", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    private const int MaxCalls = 4000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StreamListenTime = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task RandomBytesAndRandomMessagesToEveryRpcNeverCrashTheHostNorLeakAStackTrace()
    {
        var random = new Random(Seed);
        var invokers = AgencyCodes.All.Select(hub.AgencyInvoker).Append(hub.Invoker(hub.AdminToken())).Append(hub.Invoker()).ToList();
        var stopwatch = Stopwatch.StartNew();
        var calls = 0;
        var statuses = new Dictionary<StatusCode, int>();
        while (calls < MaxCalls && stopwatch.Elapsed < Budget)
        {
            var method = Rpcs.All[random.Next(Rpcs.All.Count)];
            var invoker = invokers[random.Next(invokers.Count)];
            var bytes = random.Next(3) == 0 ? RandomBytes(random) : RandomMessage(method.InputType, random, depth: 0).ToByteArray();

            // A followed subscription never ends by itself: the client hangs up after a moment. Waiting for the
            // deadline instead would spend the budget idle and race the server's deadline reset of the stream,
            // whose transport error text is the client library's, not the host's.
            using var hangUp = method.IsServerStreaming ? new CancellationTokenSource(StreamListenTime) : new CancellationTokenSource();
            var (status, _, trailers, detail) = await Rpcs.CallBytesAsync(invoker, method, bytes, TimeSpan.FromSeconds(10), hangUp.Token);

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = detail + string.Join("|", trailers.Where(entry => !entry.IsBinary).Select(entry => entry.Value));
            // No stack frame, no exception type or message (gRPC's stock "Exception was thrown by handler." is neither).
            Assert.False(StackFrameOrException.IsMatch(text), $"{Rpcs.PathOf(method)} leaked: {text}");
            calls++;
        }

        Assert.True(calls >= 200, $"only {calls} calls in the budget");
        Assert.True(statuses.GetValueOrDefault(StatusCode.OK) > 0, "no call succeeded: the fuzzer never got past the front door");
        var health = await new Health.HealthClient(hub.Invoker()).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        // The fuzzer, as administrator, may have disabled agencies or clients; the pipeline itself must still answer.
        var (after, _, _, _) = await Rpcs.CallAsync(hub.Invoker(), Rpcs.Named("RecordExchange", "VerifyIdentity"),
            new Contracts.V1.VerifyIdentityRequest { IdNumber = World.IdNumber(3) });
        Assert.Equal(StatusCode.Unauthenticated, after);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static IMessage RandomMessage(MessageDescriptor descriptor, Random random, int depth)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (random.Next(3) == 0 || (field.ContainingOneof is not null && random.Next(2) == 0))
            {
                continue;
            }

            if (field.IsMap)
            {
                continue; // Attributes: covered by random bytes.
            }

            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    if (RandomValue(field, random, depth) is { } item)
                    {
                        list.Add(item);
                    }
                }

                continue;
            }

            if (RandomValue(field, random, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }

        return message;
    }

    private static object? RandomValue(FieldDescriptor field, Random random, int depth) => field.FieldType switch
    {
        FieldType.String => RandomText(random),
        FieldType.Bool => random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => random.Next(4) == 0 ? random.Next(int.MinValue, int.MaxValue) : random.Next(-2, 20),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => random.NextInt64(-5, long.MaxValue),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)random.Next(),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)random.NextInt64(),
        FieldType.Double => random.NextDouble() * 1e6,
        FieldType.Float => (float)random.NextDouble(),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(random)),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, random.Next(-1, field.EnumType.Values.Count + 2)),
        FieldType.Message when depth < 3 && field.MessageType.FullName == "google.protobuf.Timestamp" =>
            Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UnixEpoch.AddSeconds(random.NextInt64(0, 4_000_000_000))),
        FieldType.Message when depth < 3 => RandomMessage(field.MessageType, random, depth + 1),
        _ => null,
    };

    private static readonly string[] Interesting =
    [
        "", " ", "m-education", "m-civil_affairs", "511102201503080079", "５１１１０２２０１５０３０８００７ｘ", "X", "'; DROP TABLE audit_entries; --",
        "../../etc/passwd", "王小明", "阿依古丽·买买提", "2015-03-08", "2015年03月08日", "\0", "%s%n", new string('9', 5000), "orphan", "5111",
    ];

    private static string RandomText(Random random)
    {
        if (random.Next(2) == 0)
        {
            return Interesting[random.Next(Interesting.Length)];
        }

        var builder = new StringBuilder();
        for (var i = random.Next(0, 40); i > 0; i--)
        {
            builder.Append(random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7f),
                1 => (char)random.Next(0x4e00, 0x9fff),
                2 => (char)random.Next(0xff10, 0xff5a),
                _ => (char)random.Next(0x00, 0x20),
            });
        }

        return builder.ToString();
    }
}
