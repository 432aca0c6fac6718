using DataExchange.Api.Callers;
using DataExchange.Api.Grpc;
using DataExchange.Api.Grpc.Errors;
using DataExchange.Data.Providers;
using DataExchange.Data.Records;
using DataExchange.Reconciliation;

namespace DataExchange.Api.Hosting;

/// <summary>Everything the host registers, in one place, so Program.cs reads as the pipeline.</summary>
public static class HostServices
{
    public static WebApplicationBuilder AddDataExchange(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var limits = builder.Configuration.GetSection(GrpcLimits.Section).Get<GrpcLimits>() ?? new GrpcLimits();

        if (!builder.Environment.IsDevelopment())
        {
            // Production decision: machine-readable logs for the log pipeline.
            builder.Logging.ClearProviders().AddJsonConsole(options => options.IncludeScopes = true);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddExchangeDatabase(database);
        builder.Services.AddSingleton<RecordIngestor>();
        builder.Services.AddSingleton<RecordCommands>();
        builder.Services.AddSingleton<RecordQueries>();
        builder.Services.AddSingleton<BatchLedger>();
        builder.Services.AddSingleton<BatchIngestion>();
        builder.Services.AddSingleton<IdentityVerification>();
        builder.Services.AddSingleton<ICallerContext, DevelopmentCallerContext>();
        builder.Services.AddReconciliation();
        builder.Services.AddSingleton<IDisclosurePolicy, DevelopmentDisclosurePolicy>();

        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = limits.MaxReceiveMessageBytes;
            options.MaxSendMessageSize = limits.MaxSendMessageBytes;
            options.EnableDetailedErrors = builder.Environment.IsDevelopment();
            options.Interceptors.Add<DomainErrorInterceptor>();
        });
        builder.Services.AddGrpcHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddGrpcReflection();
        }

        return builder;
    }
}
