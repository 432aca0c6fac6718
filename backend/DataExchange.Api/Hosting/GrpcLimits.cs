namespace DataExchange.Api.Hosting;

/// <summary>The <c>Grpc</c> configuration section: explicit message size limits (a batch streams in many messages).</summary>
public sealed class GrpcLimits
{
    public const string Section = "Grpc";

    public int MaxReceiveMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Larger than receive: a batch reply lists every rejected record.</summary>
    public int MaxSendMessageBytes { get; set; } = 32 * 1024 * 1024;
}
