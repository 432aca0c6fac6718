using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DataExchange.Data.Providers;

/// <summary>Wires <see cref="ExchangeDbContext"/> to the configured provider and its own migrations assembly.</summary>
public static class DatabaseSetup
{
    public const string SqliteMigrations = "DataExchange.Data.Sqlite";
    public const string PostgreSqlMigrations = "DataExchange.Data.PostgreSql";
    public const string SqlServerMigrations = "DataExchange.Data.SqlServer";

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrations))
                    .AddInterceptors(new SqlitePragmas(options.CheckpointInBackground));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(PostgresConnection.WithDefaults(options.ConnectionString), npgsql => npgsql.MigrationsAssembly(PostgreSqlMigrations)
                    .EnableRetryOnFailure(DatabaseFailures.RetryCount, DatabaseFailures.MaxRetryDelay, null));
                break;
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(options.ConnectionString, sqlServer => sqlServer.MigrationsAssembly(SqlServerMigrations)
                    .EnableRetryOnFailure(DatabaseFailures.RetryCount, DatabaseFailures.MaxRetryDelay, null));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider.");
        }
    }

    /// <summary>Registers a context factory: gRPC streams and the importer make one context per unit of work.</summary>
    public static IServiceCollection AddExchangeDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        // Every context tells the host's access caches when it commits a change to grants, clients or people.
        services.TryAddSingleton<Access.AccessChanges>();
        services.TryAddSingleton<Access.AccessChangeInterceptor>();
        services.AddPooledDbContextFactory<ExchangeDbContext>((provider, builder) =>
        {
            Configure(builder, options);
            builder.AddInterceptors(provider.GetRequiredService<Access.AccessChangeInterceptor>());
        });
        services.AddSingleton<Signals.PendingLinkSignal>();
        services.TryAddSingleton<Observability.HubMetrics>();
        // Several hosts may share a PostgreSQL database: linking is coordinated through it (see ILinkCoordination).
        services.AddSingleton<Coordination.ILinkCoordination>(provider => options.Provider == DatabaseProvider.PostgreSql
            ? new Coordination.PostgresCoordination(options.ConnectionString, provider.GetService<Microsoft.Extensions.Logging.ILoggerFactory>())
            : new Coordination.SingleHostCoordination());
        return services;
    }

    /// <summary>
    /// Creates the database (and for SQLite its folder), applies every pending migration and builds any index or foreign
    /// key of the model the database lacks: an initial load defers its tables' indexes and, on PostgreSQL, its stored
    /// records' foreign keys (<see cref="Writing.DeferredIndexes"/>), and one killed before it built them again leaves them
    /// missing until here.
    /// </summary>
    public static async Task MigrateAsync(ExchangeDbContext db, DatabaseOptions options, CancellationToken cancellationToken)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // Before SQLite creates the file with the process umask (0644 on most systems).
            PrivateFiles.PrepareSqlite(options.ConnectionString);
        }

        await db.Database.MigrateAsync(cancellationToken);
        await Writing.ModelIndexes.RestoreMissingAsync(db, cancellationToken);
        await Writing.ModelForeignKeys.RestoreMissingAsync(db, cancellationToken);
    }
}
