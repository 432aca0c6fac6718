using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataExchange.Api.Hosting.Health;

/// <summary>
/// Liveness and readiness, both answered from the last result of a background probe (never a database query per
/// request, so a flood of probes costs nothing and cannot queue behind the database):
/// <list type="bullet">
/// <item>live: the process answers requests. HTTP <c>GET /health/live</c>, gRPC service name <c>liveness</c>.</item>
/// <item>ready: live, and the database answered the last probe. HTTP <c>GET /health/ready</c>, gRPC service names
/// <c>readiness</c> and <c>""</c> (the whole host, what a plain grpc.health.v1 Check asks).</item>
/// </list>
/// The probe runs every <c>Health:ProbeSeconds</c> (default 2) with a timeout of <c>Health:TimeoutSeconds</c> (default 5).
/// </summary>
public static class HealthSetup
{
    public const string Live = "live";
    public const string Ready = "ready";
    public const string LivenessService = "liveness";
    public const string ReadinessService = "readiness";

    public static IServiceCollection AddDxHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Health:ProbeSeconds", 2.0)));
        var timeout = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Health:TimeoutSeconds", 5.0)));
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.Zero;
            options.Period = period;
            options.Timeout = timeout;
        });
        services.AddSingleton<HealthReportCache>();
        services.AddSingleton<IHealthCheckPublisher>(provider => provider.GetRequiredService<HealthReportCache>());
        services.AddGrpcHealthChecks(options =>
            {
                // Check and Watch read what the publisher last published (see above), not a fresh run of the checks.
                options.UseHealthChecksCache = true;
                options.Services.Clear();
                options.Services.Map("", result => result.Tags.Contains(Ready));
                options.Services.Map(ReadinessService, result => result.Tags.Contains(Ready));
                options.Services.Map(LivenessService, result => result.Tags.Contains(Live));
            })
            .AddCheck("process", () => HealthCheckResult.Healthy(), [Live])
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
        return services;
    }

    /// <summary>
    /// GET /health/live and /health/ready on every endpoint: 200 "Healthy", or 503 "Unhealthy" (also before the first
    /// probe has finished). The body is the status alone: which check failed and why goes to the log, not to anonymous callers.
    /// </summary>
    public static IEndpointRouteBuilder MapDxHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", (HealthReportCache cache) => Answer(cache.StatusOf(Live)));
        endpoints.MapGet("/health/ready", (HealthReportCache cache) => Answer(cache.StatusOf(Ready)));
        return endpoints;
    }

    private static IResult Answer(HealthStatus status) => status == HealthStatus.Healthy
        ? Results.Text("Healthy\n")
        : Results.Text(status + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
}
