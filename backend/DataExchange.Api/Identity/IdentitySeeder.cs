using System.Security.Cryptography;
using DataExchange.Data;
using DataExchange.Data.Entities;
using DataExchange.Domain.Agencies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataExchange.Api.Identity;

/// <summary>
/// Seeds, idempotently at every start: the five agencies, the roles, the scopes, the portal client, the agency
/// clients named in configuration (never overwriting a secret) and the first administrator.
/// </summary>
public sealed class IdentitySeeder(
    IServiceProvider services, IdentitySettings settings, ILogger<IdentitySeeder> logger)
{
    private static readonly Dictionary<Agency, string> DisplayNames = new()
    {
        [Agency.PublicSecurity] = "公安 Public security",
        [Agency.Education] = "教育 Education",
        [Agency.Health] = "卫生健康 Health",
        [Agency.DisabledFederation] = "残联 Disabled persons' federation",
        [Agency.CivilAffairs] = "民政 Civil affairs",
    };

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await SeedAgenciesAsync(provider.GetRequiredService<IDbContextFactory<ExchangeDbContext>>(), cancellationToken);
        await SeedRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole>>());

        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            return; // The authorization server (and its clients) live on another host.
        }

        await SeedScopesAsync(provider.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
        var applications = provider.GetRequiredService<IOpenIddictApplicationManager>();
        await SeedPortalAsync(applications, cancellationToken);
        var clients = provider.GetRequiredService<AgencyClients>();
        foreach (var client in settings.AgencyClients)
        {
            await clients.EnsureAsync(client, cancellationToken);
        }

        await SeedAdministratorAsync(provider.GetRequiredService<UserManager<DxUser>>());
    }

    private static async Task SeedAgenciesAsync(IDbContextFactory<ExchangeDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Agencies.Select(agency => agency.Code).ToListAsync(cancellationToken);
        foreach (var agency in AgencyCodes.All.Where(agency => !existing.Contains(agency.ToCode())))
        {
            db.Agencies.Add(new AgencyEntity { Code = agency.ToCode(), DisplayName = DisplayNames[agency] });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task SeedRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in DxIdentity.Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    private async Task SeedScopesAsync(IOpenIddictScopeManager scopes, CancellationToken cancellationToken)
    {
        foreach (var name in DxIdentity.Scopes.All)
        {
            if (await scopes.FindByNameAsync(name, cancellationToken) is null)
            {
                var descriptor = new OpenIddictScopeDescriptor { Name = name, DisplayName = name };
                descriptor.Resources.Add(settings.Audience);
                await scopes.CreateAsync(descriptor, cancellationToken);
            }
        }
    }

    private async Task SeedPortalAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        var portal = settings.Portal;
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = portal.ClientId,
            DisplayName = "DataExchange portal",
            // Production decision: a public client (a browser app keeps no secret) with implicit consent (first-party).
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.RedirectUris.UnionWith(portal.RedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(portal.PostLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile, Permissions.Prefixes.Scope + Scopes.OfflineAccess,
            .. new[] { DxIdentity.Scopes.ChildrenRead, DxIdentity.Scopes.Reconcile, DxIdentity.Scopes.Admin, DxIdentity.Scopes.AuditRead }
                .Select(scope => Permissions.Prefixes.Scope + scope),
        ]);
        // Production decision: PKCE is required of this client whatever the server-wide setting.
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);

        var existing = await applications.FindByClientIdAsync(portal.ClientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken); // Redirect URIs follow configuration.
        }
    }

    private async Task SeedAdministratorAsync(UserManager<DxUser> users)
    {
        if ((await users.GetUsersInRoleAsync(DxIdentity.Roles.Administrator)).Count > 0)
        {
            return;
        }

        var admin = settings.Administrator;
        if (!AgencyCodes.TryParse(admin.Agency, out _))
        {
            throw new InvalidOperationException($"Identity:Administrator:Agency '{admin.Agency}' is not an agency code.");
        }

        var password = admin.Password;
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = GeneratePassword();
        }

        var user = new DxUser { UserName = admin.Email, Email = admin.Email, EmailConfirmed = true, Agency = admin.Agency };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("The first administrator could not be created: " + string.Join("; ", created.Errors.Select(error => error.Description)));
        }

        await users.AddToRoleAsync(user, DxIdentity.Roles.Administrator);
        if (generated)
        {
            DataExchange.Data.Providers.PrivateFiles.CreateFolder(settings.KeysFolder);
            var file = Path.Combine(settings.KeysFolder, "initial-administrator.txt");
            await File.WriteAllTextAsync(file, $"{admin.Email}\n{password}\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            logger.LogWarning("Created the first administrator {Email}; the generated password is in {File} (read it once, then delete the file).", admin.Email, file);
        }

    }

    /// <summary>A password that meets the policy: 24 random characters plus one of each class.</summary>
    public static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('/', 'x').Replace('+', 'y') + "aA1!";
}
