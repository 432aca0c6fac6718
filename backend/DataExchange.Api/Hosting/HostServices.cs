using DataExchange.Api.Access;
using DataExchange.Api.Auditing;
using DataExchange.Api.Callers;
using DataExchange.Api.Identity;
using DataExchange.Api.Grpc;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Api.Hosting.Health;
using DataExchange.Api.Hosting.Observability;
using DataExchange.Api.Hosting.Portal;
using DataExchange.Data.Providers;
using DataExchange.Data.Access;
using DataExchange.Data.Audit;
using DataExchange.Data.Records;
using DataExchange.Reconciliation;

namespace DataExchange.Api.Hosting;

/// <summary>Everything the host registers, in one place, so Program.cs reads as the pipeline.</summary>
public static class HostServices
{
    public static WebApplicationBuilder AddDataExchange(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var database = HostFolder.Resolve(builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions(), contentRoot);
        // The host checkpoints SQLite's log in the background (SqliteCheckpointer), not inside requests.
        database.CheckpointInBackground = database.Provider == DatabaseProvider.Sqlite
            && builder.Configuration.GetValue($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.CheckpointInBackground)}", true);
        var limits = builder.Configuration.GetSection(GrpcLimits.Section).Get<GrpcLimits>() ?? new GrpcLimits();

        if (!builder.Environment.IsDevelopment())
        {
            // Production decision: machine-readable logs for the log pipeline.
            builder.Logging.ClearProviders().AddJsonConsole(options => options.IncludeScopes = true);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddExchangeDatabase(database);
        if (database.CheckpointInBackground)
        {
            builder.Services.AddHostedService<SqliteCheckpointer>();
        }
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            builder.Services.AddHostedService<SqliteStatistics>();
        }
        builder.Services.AddSingleton<RecordIngestor>();
        builder.Services.AddSingleton<RecordCommands>();
        builder.Services.AddSingleton<RecordQueries>();
        builder.Services.AddSingleton<BatchLedger>();
        builder.Services.AddSingleton<BatchIngestion>();
        builder.Services.AddSingleton<IdentityVerification>();
        builder.Services.AddSingleton<ICallerContext, PrincipalCallerContext>();

        // Identity, grants and the audit chain.
        var identity = builder.Configuration.GetSection(IdentitySettings.Section).Get<IdentitySettings>() ?? new IdentitySettings();
        identity.KeysFolder = HostFolder.Resolve(identity.KeysFolder, contentRoot);
        PortalDefaults.Apply(identity, builder.Configuration);
        builder.AddDxIdentity(identity);
        builder.Services.AddSingleton<IdentitySeeder>();
        builder.Services.AddScoped<AgencyClients>();
        // How long callers' status and live grants may be served from memory (see AccessStateCache).
        builder.Services.AddSingleton(builder.Configuration.GetSection(Access.Caching.AccessCacheSettings.Section).Get<Access.Caching.AccessCacheSettings>()
                                      ?? new Access.Caching.AccessCacheSettings());
        builder.Services.AddSingleton<PrincipalStatus>();
        builder.Services.AddSingleton<Access.Caching.ValidatedTokens>();
        var rateLimits = builder.Configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        builder.Services.AddSingleton(rateLimits);
        builder.Services.AddSingleton<CallRateLimiter>();
        builder.Services.AddDxEdgeRateLimiting(rateLimits);
        builder.Services.AddSingleton(builder.Configuration.GetSection(SignInThrottleSettings.Section).Get<SignInThrottleSettings>()
                                      ?? new SignInThrottleSettings());
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<PasswordLogin>();
        builder.Services.AddSingleton<GrantStore>();
        builder.Services.AddSingleton<ChildCategories>();
        builder.Services.AddSingleton<GrantEvaluator>();
        builder.Services.AddSingleton<CrossAgencyReads>();
        builder.Services.AddSingleton<Grpc.Reconciliation.WorkQueueReads>();
        builder.Services.AddSingleton<ChildKeys>();
        builder.Services.AddSingleton<AuditStore>();
        builder.Services.AddSingleton<IAuditSink>(services => services.GetRequiredService<AuditStore>());
        builder.Services.AddSingleton<AuditQueries>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(AuditSettings.Section).Get<AuditSettings>() ?? new AuditSettings());
        builder.Services.AddSingleton<RefusalTally>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RefusalTally>());

        if (PortalDefaults.AllowedOrigins(identity.Portal) is { Count: > 0 } portalOrigins)
        {
            // gRPC-Web from the portal's origins only, exposing the gRPC status headers its client reads.
            builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
                .WithOrigins([.. portalOrigins])
                .WithMethods("POST", "OPTIONS")
                .AllowAnyHeader()
                .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin")));
        }
        else
        {
            builder.Services.AddCors();
        }

        // Production decision (see SecurityHeaders): one year, this host only, not preloaded.
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
            options.Preload = false;
        });

        // Reconciliation: linking in the background, the child directory, steward decisions and the change feed.
        builder.Services.AddReconciliation(ConfiguredAsOf(builder.Configuration));
        // Off only where something else drains the queue (dx bench ingest times the record path alone).
        if (builder.Configuration.GetValue("Reconciliation:BackgroundLinking", true))
        {
            builder.Services.AddHostedService<LinkingWorker>();
        }
        builder.Services.AddSingleton<IDisclosurePolicy, GrantDisclosurePolicy>();

        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageBytes;
            options.MaxSendMessageSize = limits.MaxSendMessageBytes;
            // Production decision: off everywhere by default (Grpc:DetailedErrors to switch on while debugging). The
            // error interceptor already answers with clear messages; detailed errors only add exception text for
            // failures before it runs (e.g. an unreadable message), which the fuzz test showed leaking.
            options.EnableDetailedErrors = builder.Configuration.GetValue("Grpc:DetailedErrors", false);
            // Order matters: metrics time the whole call; the audit entry is written next, after errors are mapped and
            // access decided.
            options.Interceptors.Add<CallMetricsInterceptor>();
            options.Interceptors.Add<AuditInterceptor>();
            options.Interceptors.Add<DomainErrorInterceptor>();
            options.Interceptors.Add<AccessInterceptor>();
        });
        builder.Services.AddPortal();
        builder.Services.AddDxHealth(builder.Configuration);
        builder.Services.AddDxTelemetry(builder.Configuration);
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddGrpcReflection();
        }

        return builder;
    }

    /// <summary>Reconciliation:AsOfDate (YYYY-MM-DD): the day the discovery rules judge against; absent means today.</summary>
    private static DateOnly? ConfiguredAsOf(IConfiguration configuration)
    {
        const string setting = DataExchange.Reconciliation.Children.AsOfDate.Setting;
        var value = configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidOperationException($"{setting} '{value}' is not a date: use YYYY-MM-DD, or leave it out for today.");
    }
}
