using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>
/// An alert's text as the caller reads it: the one place that decides it, so that rendering per language (from the
/// call's accept-language header) replaces this function alone. Today: the text the rule wrote when it opened the alert.
/// </summary>
public static class AlertText
{
    public static string Of(AlertView alert, ServerCallContext context) => alert.Message;
}
