using DataExchange.Reconciliation.Children;
using Grpc.Core;

namespace DataExchange.Api.Grpc.Mapping;

/// <summary>
/// An alert's text as the caller reads it: rendered from its stored facts in the call's language (accept-language:
/// Chinese by default, English on request), never with an ID-bearing value in full. The one place that decides it.
/// </summary>
public static class AlertText
{
    public static string Of(AlertView alert, ServerCallContext context) => alert.Text(context.AlertLanguage());
}
