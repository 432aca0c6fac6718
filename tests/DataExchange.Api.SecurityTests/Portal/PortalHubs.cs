using DataExchange.Api.SecurityTests.Infrastructure;
using DataExchange.Data.Providers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace DataExchange.Api.SecurityTests.Portal;

/// <summary>A hub started with the demo switch: generated children (fixed seed) imported and linked, demo people created.</summary>
public sealed class DemoSecurityHub() : SecurityHub(DatabaseProvider.Sqlite)
{
    public const int Children = 400;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Children", Children.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A steward of civil affairs, created once through AccessAdmin; its token with the portal's steward scopes.</summary>
    public string StewardToken() => Steward.Value.GetAwaiter().GetResult();

    private Lazy<Task<string>> Steward => steward ??= new(async () =>
    {
        await World.CreateUserAsync(this, "queue-steward@security.test", Domain.Agencies.Agency.CivilAffairs, Contracts.V1.Role.Steward);
        return UserToken("queue-steward@security.test", World.PersonPassword, "openid children.read reconcile");
    });

    private Lazy<Task<string>>? steward;
}

[CollectionDefinition(Name)]
public sealed class DemoHubCollection : ICollectionFixture<DemoSecurityHub>
{
    public const string Name = "demo hub";
}

/// <summary>A hub whose first administrator gets a generated password (Identity:Administrator:Password empty).</summary>
public sealed class GeneratedAdministratorHub() : SecurityHub(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:Administrator:Password", "");
    }

    public string GeneratedPasswordFile => Path.Combine(Database.KeysFolder, "initial-administrator.txt");
}

/// <summary>A hub serving a small fake portal build (index.html, a hashed bundle, an unhashed icon) from Portal:Root.</summary>
public sealed class PortalFilesHub : SecurityHub
{
    public const string Bundle = "main-2YBVQ3QB.js";
    public const string IndexMarker = "<app-root>portal index</app-root>";

    public PortalFilesHub() : base(DatabaseProvider.Sqlite)
    {
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "index.html"), $"<!doctype html><html><body>{IndexMarker}<script src=\"{Bundle}\"></script></body></html>");
        File.WriteAllText(Path.Combine(Root, Bundle), "console.log('" + new string('x', 4096) + "');");
        File.WriteAllBytes(Path.Combine(Root, "favicon.ico"), [0, 0, 1, 0]);
    }

    public string Root => Path.Combine(Database.KeysFolder, "..", "portal-dist");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Root", Root);
    }
}

/// <summary>A hub whose configured portal folder holds no build.</summary>
public sealed class UnbuiltPortalHub() : SecurityHub(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Portal:Root", Path.Combine(Database.KeysFolder, "..", "empty-portal"));
    }
}

/// <summary>Reads of the hub's database the portal tests compare the rpcs' answers with.</summary>
public static class HubData
{
    public static async Task<Data.Entities.AuditEntryEntity> LastEntryAsync(this SecurityHub hub)
    {
        await using var db = await hub.Contexts().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderByDescending(entry => entry.Sequence).FirstAsync();
    }
}
