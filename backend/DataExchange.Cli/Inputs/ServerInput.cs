using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DataExchange.Cli.Inputs;

/// <summary>
/// Checks a <c>--server</c> before anything is sent: one gRPC health check (answered without a token), so that the
/// portal's HTTP/1.1 port, a closed port or a host that is not a hub is one line, not a failed call per file.
/// </summary>
public static class ServerInput
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task CheckAsync(string url, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new InputException($"--server '{url}' is not an http:// or https:// address such as http://localhost:5081");
        }

        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        HealthCheckResponse reply;
        try
        {
            reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + Deadline,
                cancellationToken: cancellationToken);
        }
        catch (RpcException exception)
        {
            throw new InputException($"--server {url}: {Explain(exception, address)}");
        }

        if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            throw new InputException($"--server {url} answers but is not serving ({reply.Status}): its database may be down; "
                + "see the host's log and try again");
        }
    }

    private static string Explain(RpcException exception, Uri address)
    {
        var detail = DatabaseInput.OneLine(exception.Status.Detail);
        var http1 = detail.Contains("HTTP/2", StringComparison.Ordinal) || detail.Contains("HTTP/1.1", StringComparison.Ordinal)
            || detail.Contains("content-type", StringComparison.OrdinalIgnoreCase);
        return exception.StatusCode switch
        {
            _ when http1 && address.Scheme == "http" => "answers HTTP/1.1, not gRPC over HTTP/2: is it the portal port? "
                + "Give the host's native gRPC port (Kestrel endpoint Grpc, http://localhost:5081 by default)",
            _ when http1 => "does not answer gRPC (" + detail + "); give the host's gRPC address",
            StatusCode.Unavailable => $"nothing answers there ({detail}); check the address and that the host runs",
            StatusCode.DeadlineExceeded => $"no answer within {Deadline.TotalSeconds:0} s; check the address and the network",
            StatusCode.Unimplemented => "answers gRPC but is not a DataExchange hub (no health service); check the address",
            _ => $"the health check failed: {exception.StatusCode}: {detail}",
        };
    }
}
