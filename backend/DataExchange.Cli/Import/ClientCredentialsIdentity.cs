using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataExchange.Domain.Agencies;
using Grpc.Core;

namespace DataExchange.Cli.Import;

/// <summary>
/// An agency system's identity: an OAuth 2.0 client-credentials access token from the hub's token endpoint,
/// fetched on first use and renewed a minute before it expires. A client is bound to exactly one agency (the
/// token says which); a file of another agency is refused here, before anything is sent.
/// </summary>
public sealed class ClientCredentialsIdentity(Uri tokenEndpoint, string clientId, string clientSecret, HttpClient? http = null) : IAgencyCallIdentity, IDisposable
{
    public const string ClientIdVariable = "DX_CLIENT_ID";
    public const string ClientSecretVariable = "DX_CLIENT_SECRET";

    private readonly HttpClient _http = http ?? new HttpClient();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private string _agency = "";
    private DateTime _renewAt;

    /// <summary>The token endpoint of a hub whose gRPC address is <paramref name="server"/> (same origin).</summary>
    public static Uri TokenEndpointFor(string server) => new(new Uri(server, UriKind.Absolute), "/connect/token");

    public async ValueTask<Metadata> HeadersForAsync(Agency agency, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        if (Refusal(agency) is { } refusal)
        {
            // The importer asks RefusalForAsync first; this guards any other caller.
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }

        return new Metadata { { "authorization", "Bearer " + token } };
    }

    public async ValueTask<string?> RefusalForAsync(Agency agency, CancellationToken cancellationToken)
    {
        await TokenAsync(cancellationToken);
        return Refusal(agency);
    }

    private string? Refusal(Agency agency) => _agency == agency.ToCode()
        ? null
        : $"client {clientId} acts for {(_agency.Length > 0 ? _agency : "no agency")}, not {agency.ToCode()}; "
            + $"{agency.ToCode()}'s own system sends it with its own client";

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && DateTime.UtcNow < _renewAt)
            {
                return _token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = clientSecret,
                }),
            };
            if (tokenEndpoint.Scheme == Uri.UriSchemeHttp)
            {
                // The hub's gRPC port speaks HTTP/2 only; without TLS that means prior knowledge.
                request.Version = HttpVersion.Version20;
                request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            }

            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (!response.IsSuccessStatusCode || !body.TryGetProperty("access_token", out var accessToken))
            {
                var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var code) ? code.GetString() : response.StatusCode.ToString();
                throw new RpcException(new Status(StatusCode.Unauthenticated, $"the token endpoint refused client {clientId}: {error}"));
            }

            _token = accessToken.GetString()!;
            var lifetime = body.TryGetProperty("expires_in", out var expires) ? expires.GetInt32() : 300;
            _renewAt = DateTime.UtcNow.AddSeconds(Math.Max(10, lifetime - 60));
            _agency = AgencyOf(_token);
            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Reads the agency claim from the token's payload (no verification needed: the hub verifies it).</summary>
    private static string AgencyOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length < 2)
        {
            return "";
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return json.RootElement.TryGetProperty("dx_agency", out var agency) ? agency.GetString() ?? "" : "";
    }

    public void Dispose()
    {
        _http.Dispose();
        _lock.Dispose();
    }
}
