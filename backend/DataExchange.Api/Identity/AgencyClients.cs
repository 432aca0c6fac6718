using System.Security.Cryptography;
using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using DataExchange.Domain.Errors;
using DataExchange.Domain.Records;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Identity;

/// <summary>Agency systems: confidential OpenIddict clients (client credentials only) each bound to exactly one agency.</summary>
public sealed class AgencyClients(IOpenIddictApplicationManager applications, IDbContextFactory<ExchangeDbContext> contexts, TimeProvider clock)
{
    /// <summary>Registers a configured client when missing; an existing client keeps its secret.</summary>
    public async Task EnsureAsync(AgencyClientSettings client, CancellationToken cancellationToken)
    {
        if (!AgencyCodes.TryParse(client.Agency, out var agency))
        {
            throw new InvalidOperationException($"Identity:AgencyClients: {Echo.Quote(client.Agency)} is not an agency code.");
        }

        if (await applications.FindByClientIdAsync(client.ClientId, cancellationToken) is not null)
        {
            return;
        }

        if (client.Secret.Length < 16)
        {
            throw new InvalidOperationException($"Identity:AgencyClients: the secret of {Echo.Quote(client.ClientId)} must have at least 16 characters.");
        }

        await CreateAsync(agency, client.ClientId, client.DisplayName ?? client.ClientId, client.Secret, cancellationToken);
    }

    /// <summary>Creates a client and returns its secret (generated when none is given).</summary>
    public async Task<string> CreateAsync(Agency agency, string clientId, string displayName, string? secret, CancellationToken cancellationToken)
    {
        if (clientId.Length is < 3 or > 100 || !clientId.All(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.'))
        {
            throw new ValidationException([new FieldError("client_id", "must be 3-100 letters, digits, '-', '_' or '.'")]);
        }

        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not null)
        {
            throw new ConflictException($"A client {Echo.Quote(clientId)} exists already.");
        }

        secret ??= NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = displayName,
            // Production decision: agency systems are confidential clients using client credentials, nothing else.
            ClientType = ClientTypes.Confidential,
        };
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials,
            .. DxIdentity.Scopes.AgencyClient.Select(scope => Permissions.Prefixes.Scope + scope)]);
        await applications.CreateAsync(descriptor, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AgencyClients.Add(new AgencyClientEntity { ClientId = clientId, Agency = agency.ToCode(), CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    public async Task<string> RotateSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var binding = await db.AgencyClients.SingleOrDefaultAsync(client => client.ClientId == clientId, cancellationToken)
                      ?? throw new NotFoundException($"There is no agency client {Echo.Quote(clientId)}.");
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
                          ?? throw new NotFoundException($"There is no agency client {Echo.Quote(clientId)}.");
        var secret = NewSecret();
        await applications.UpdateAsync(application, secret, cancellationToken);
        binding.SecretRotatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>Disables a client; returns false when it was disabled already.</summary>
    public async Task<bool> DisableAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var binding = await db.AgencyClients.SingleOrDefaultAsync(client => client.ClientId == clientId, cancellationToken)
                      ?? throw new NotFoundException($"There is no agency client {Echo.Quote(clientId)}.");
        if (binding.Disabled)
        {
            return false;
        }

        binding.Disabled = true;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
