using DataExchange.Data.Observability;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DataExchange.Api.Hosting.Observability;

/// <summary>
/// OpenTelemetry for the operator: the hub's own meter (<see cref="HubMetrics"/>), ASP.NET Core's and Kestrel's
/// request metrics and the runtime's, exported for a Prometheus scrape at <c>GET /metrics</c> (who may scrape:
/// <see cref="MetricsAccess"/>) and, when <c>OpenTelemetry:Otlp:Endpoint</c> is set, pushed with OTLP together with
/// traces (ASP.NET Core requests, Npgsql commands). Nothing here carries personal data: the hub's tags are rpc names,
/// status codes, agency codes and outcomes; request traces drop the query string.
/// </summary>
public static class TelemetrySetup
{
    public static IServiceCollection AddDxTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration["OpenTelemetry:Otlp:Endpoint"];
        var protocol = OtlpProtocol(configuration["OpenTelemetry:Otlp:Protocol"]);
        var serviceName = configuration["OpenTelemetry:ServiceName"] is { Length: > 0 } name ? name : "dataexchange-hub";
        services.AddSingleton(MetricsAccess.From(configuration));
        services.AddHostedService<LinkQueueProbe>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HubMetrics.MeterName)
                    .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Npgsql")
                    .AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter(exporter => Point(exporter, otlp, protocol, "v1/metrics"));
                }
            });
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            // Traces only where someone collects them: sampling a span per call costs a little on every read.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Probes and scrapes would drown the calls; query strings could hold anything a caller typed.
                    options.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics");
                    options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddNpgsql()
                .AddOtlpExporter(exporter => Point(exporter, otlp, protocol, "v1/traces")));
        }

        return services;
    }

    /// <summary>
    /// OpenTelemetry:Otlp:Protocol: <c>grpc</c> (the default, a collector's port 4317) or <c>http/protobuf</c> (port 4318,
    /// for collectors and gateways that take HTTP only); anything else stops the host at start, naming the setting.
    /// </summary>
    private static OtlpExportProtocol OtlpProtocol(string? setting) => setting?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"OpenTelemetry:Otlp:Protocol '{setting}': give grpc or http/protobuf"),
    };

    /// <summary>
    /// Over HTTP each signal has its own path below the endpoint (the collector's /v1/traces, /v1/metrics); an explicit
    /// endpoint is taken as it is by the exporter, so the path is added here unless the setting already names one.
    /// </summary>
    private static void Point(OtlpExporterOptions exporter, string endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;
        var uri = new Uri(endpoint);
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath is "/" or ""
            ? new Uri(uri, signalPath)
            : uri;
    }

    /// <summary>GET /metrics for the scrapers <see cref="MetricsAccess"/> allows; 403 for everyone else.</summary>
    public static WebApplication UseDxMetricsEndpoint(this WebApplication app)
    {
        var access = app.Services.GetRequiredService<MetricsAccess>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == MetricsAccess.Path && access.Allows(http.Connection.RemoteIpAddress));
        app.MapGet(MetricsAccess.Path, () => Results.Text(
            "Metrics are served to loopback and the networks in Metrics:AllowedNetworks only.\n", statusCode: StatusCodes.Status403Forbidden));
        return app;
    }
}
