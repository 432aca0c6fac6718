using DataExchange.Data.Providers;
using Microsoft.Data.Sqlite;

namespace DataExchange.Api.Hosting;

/// <summary>
/// The host reads its settings from its own folder whatever the current directory: a service manager starts a
/// published host from <c>/</c> or its own home, where there is no appsettings.json, and the host then came up on
/// ASP.NET's defaults (:5000, HTTP/1.1 only). Relative paths in the settings (the SQLite file, the keys folder) are
/// taken from that same folder, not from wherever the process was started.
/// </summary>
public static class HostFolder
{
    /// <summary>
    /// The content root: an explicit <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c>/<c>DOTNET_CONTENTROOT</c>
    /// first; else the current directory when it holds an appsettings.json (<c>dotnet run</c> in the project folder,
    /// or a host started in its own folder); else the folder the host's files are in.
    /// </summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(arg => arg.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        var fromCurrent = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"));
        return explicitRoot || fromCurrent
            ? new WebApplicationOptions { Args = args }
            : new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory };
    }

    /// <summary>A path from the settings, relative to the content root when it is not absolute.</summary>
    public static string Resolve(string path, string contentRoot) =>
        string.IsNullOrEmpty(path) ? path : Path.GetFullPath(path, contentRoot);

    /// <summary>A SQLite connection string whose relative Data Source is taken from the content root.</summary>
    public static DatabaseOptions Resolve(DatabaseOptions database, string contentRoot)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return database;
        }

        var builder = new SqliteConnectionStringBuilder(database.ConnectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.DataSource.StartsWith("file:", StringComparison.Ordinal)
            || Path.IsPathRooted(builder.DataSource))
        {
            return database;
        }

        builder.DataSource = Resolve(builder.DataSource, contentRoot);
        database.ConnectionString = builder.ConnectionString;
        return database;
    }
}
